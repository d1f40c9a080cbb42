"""Pins every dependency in pyproject.toml to its declared floor, as a pip constraints file.

`.ci/run` installs with these constraints into a second venv and runs the tests there, so a
floor (`scrapy>=2.14`) is a version the code has been seen to work with, not a guess.

    python3 .ci/floors.py > floors.txt && pip install -c floors.txt -e '.[test]'
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# The extras whose floors the test suite exercises. mypy and ruff are not pinned: only pytest
# runs against the floors, and their floors were found by running them on the code by hand.
EXTRAS = ("postgres", "redis", "test")
UNPINNED = frozenset({"mypy", "ruff"})
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")
_FLOOR = re.compile(r">=\s*([0-9][A-Za-z0-9.+!-]*)")


def floors(pyproject: Path) -> dict[str, str]:
    """Each dependency's normalised name and floor; a dependency without a floor is an error."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    pinned: dict[str, str] = {}
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            raise ValueError(f"cannot read requirement {requirement!r}")
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        if name in UNPINNED:
            continue
        floor = _FLOOR.search(match.group(3))
        if floor is None:
            raise ValueError(f"{requirement!r} declares no floor (name>=VERSION)")
        if pinned.get(name, floor.group(1)) != floor.group(1):
            raise ValueError(f"{name} has two floors: {pinned[name]} and {floor.group(1)}")
        pinned[name] = floor.group(1)
    return pinned


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    for name, floor in sorted(floors(root / "pyproject.toml").items()):
        print(f"{name}=={floor}")


if __name__ == "__main__":
    main()
