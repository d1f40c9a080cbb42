"""Running the migrations on an open connection, and reading a store's revision and the history."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from newscrawl.store.errors import StoreError

# The migrations ship inside the package: found beside this file, wherever it is installed,
# with no alembic.ini to look for.
_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Revision:
    """One step of the schema's history."""

    revision: str
    down_revision: str | None
    message: str


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE if _HERE.is_dir() else _copied_out()))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _copied_out() -> Path:
    """The migrations copied to a folder, once per process, when the package is a zip.

    scrapyd runs newscrawl from a zipped egg, and Alembic reads its scripts from a folder only.
    """
    folder = Path(tempfile.mkdtemp(prefix="newscrawl-migrations-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy(resources.files(__package__ or "newscrawl.store.migrations"), folder)
    return folder


def _copy(source: Traversable, folder: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            (folder / entry.name).mkdir()
            _copy(entry, folder / entry.name)
        elif entry.is_file():
            (folder / entry.name).write_bytes(entry.read_bytes())


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this newscrawl knows."""
    found = _scripts().get_current_head()
    assert found is not None, "the migrations have one head"
    return found


def current(connection: Connection) -> str | None:
    """The store's revision; None for one no migration has run on (empty, or pre-migrations)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection) -> str | None:
    """Bring the store to head inside the caller's transaction; the revision it was at.

    The caller holds the schema lock (dialect.lock_schema), so one process migrates and the
    others find it done. A store at head costs one look-up, not a run of Alembic.
    """
    before = current(connection)
    if before == head():
        return before
    if before is not None and before not in {r.revision for r in history()}:
        raise StoreError(
            f"the database is at schema revision {before}, newer than this newscrawl knows "
            f"({head()}); upgrade newscrawl"
        )
    command.upgrade(_config(connection), "head")
    return before


def history() -> list[Revision]:
    """Every revision, newest first."""
    return [
        Revision(script.revision, _down(script.down_revision), (script.doc or "").strip())
        for script in _scripts().walk_revisions()
    ]


def _down(value: str | Sequence[str] | None) -> str | None:
    if value is not None and not isinstance(value, str):
        return ", ".join(value)
    return value
