"""`newscrawl crawl` as the CLI runs it, with every SQL statement the process sends counted.

The CLI's own entry point (newscrawl.cli.main.main, what `python -m newscrawl` calls) runs in
this process after a SQLAlchemy listener is attached to every Engine; the count, by the
statement's first word, is written as JSON to COUNT_FILE when the command ends. The listener
costs a Python call per statement, far below what the statement itself costs.

Usage: python benchmarks/throughput_counted.py COUNT_FILE crawl URL --db DATABASE_URL [...]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from newscrawl.cli.main import main


def run(count_file: Path, arguments: list[str]) -> None:
    statements: Counter[str] = Counter()

    def count(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements[statement.split(None, 1)[0].upper() if statement.strip() else "?"] += 1

    event.listen(Engine, "before_cursor_execute", count)
    sys.argv = ["newscrawl", *arguments]
    try:
        main()
    finally:
        count_file.write_text(json.dumps(dict(statements)), encoding="utf-8")


if __name__ == "__main__":
    run(Path(sys.argv[1]), sys.argv[2:])
