"""Every third-party package that newscrawl and spiders import is a declared dependency with a floor."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Imported only where their extra is installed, and said so where they are imported.
OPTIONAL = {
    "psycopg": "postgres",
    "scrapy_redis": "redis",
    "redis": "redis",
    "pyarrow": "parquet",
    **dict.fromkeys(("fastapi", "uvicorn", "jinja2", "starlette", "markupsafe", "pydantic"), "serve"),
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules() -> set[str]:
    """Top-level names of every module that newscrawl/ and spiders/ import, lazily or not."""
    names = set()
    for package in ("newscrawl", "spiders"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("newscrawl", "spiders")}


def _floors() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("floors", ROOT / ".ci" / "floors.py")
    assert spec is not None and spec.loader is not None
    floors = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floors)
    return dict(floors.floors(ROOT / "pyproject.toml"))


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normal(re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0]) for r in project["dependencies"]}
    distributions = packages_distributions()
    undeclared = {}
    for module in imported_modules() - set(OPTIONAL):
        names = {_normal(d) for d in distributions.get(module, [module])}
        if not names & declared:
            undeclared[module] = sorted(names)
    assert undeclared == {}, "imported but not in [project] dependencies"


def test_every_dependency_has_a_floor_that_ci_pins() -> None:
    floors = _floors()
    for dependency in ("scrapy", "twisted", "lxml", "htmldate", "itemadapter", "psycopg", "py3langid"):
        assert re.fullmatch(r"\d+(\.\d+)*", floors[dependency]), dependency
