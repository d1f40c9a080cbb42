"""The author filter's condition, written in each database's own JSON functions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Text, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from newscrawl.store.models import ArticleRow


class _HasAuthor(FunctionElement[bool]):
    """True where the article's authors (a JSON list) include the name, without regard to case."""

    type = Boolean()
    inherit_cache = True


def has_author(name: str) -> ColumnElement[bool]:
    """The condition "`name` is one of the article's authors" (the whole name, any case)."""
    return _HasAuthor(ArticleRow.authors, bindparam("author", name.strip(), type_=Text))


@compiles(_HasAuthor, "sqlite")
def _has_author_sqlite(element: _HasAuthor, compiler: SQLCompiler, **kw: Any) -> str:
    authors, name = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite's lower() folds ASCII letters only: there "ÉMILE" does not find "Émile".
    return f"EXISTS (SELECT 1 FROM json_each({authors}) AS a WHERE lower(a.value) = lower({name}))"


@compiles(_HasAuthor, "postgresql")
def _has_author_postgresql(element: _HasAuthor, compiler: SQLCompiler, **kw: Any) -> str:
    authors, name = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"EXISTS (SELECT 1 FROM json_array_elements_text({authors}) AS a(name) "
        f"WHERE lower(a.name) = lower({name}))"
    )
