"""Full-text search run on each backend: FTS5 on SQLite, stored tsvectors on PostgreSQL, timed."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from newscrawl.store.errors import SearchTimedOut
from newscrawl.store.models import ArticleRow
from newscrawl.store.searchexpr import (
    PG_FALLBACK_CONFIG,
    fts5_match,
    pg_config,
    tsquery_highlight,
    tsquery_text,
)
from newscrawl.store.searchparse import ParsedQuery

# PostgreSQL keeps each article's document as a stored tsvector (migration 0002): ranking reads
# it instead of parsing the whole text again for every matching row, which made a common word
# cost seconds. It is stemmed in the text search configuration the article's language names,
# stored beside it, so that a query is stemmed as the document it is matched against.
_PG_DOCUMENT_COLUMN = "search_document"
_PG_CONFIG_COLUMN = "search_config"
# PostgreSQL's code for a statement cancelled by statement_timeout.
_QUERY_CANCELED = "57014"
# SQLite calls the deadline check every this many virtual machine instructions. FTS5 does its
# work inside few of them: a common word over 2,000 articles is some 30,000, and one of a
# pathological query took 2 ms. A check costs a fraction of a microsecond.
_SQLITE_CHECK_EVERY = 100


@contextmanager
def time_limit(session: Session, seconds: float) -> Iterator[None]:
    """The session's statements inside stop after `seconds`, raising SearchTimedOut."""
    if session.get_bind().dialect.name != "sqlite":
        # SET LOCAL lasts until this transaction ends; the server itself cancels the
        # statement, so a search whose client went away does not run on.
        session.execute(text(f"SET LOCAL statement_timeout = {max(1, math.ceil(seconds * 1000))}"))
        try:
            yield
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) == _QUERY_CANCELED:
                raise SearchTimedOut(_timed_out(seconds)) from error
            raise
        return
    # SQLite has no statement timeout: a progress handler aborts the running statement once
    # the deadline has passed, and SQLite then raises "interrupted".
    connection = session.connection().connection.driver_connection
    assert connection is not None, "a connection in use has its driver's connection"
    deadline = time.monotonic() + seconds
    expired = False

    def past_deadline() -> bool:
        nonlocal expired
        expired = time.monotonic() > deadline
        return expired

    connection.set_progress_handler(past_deadline, _SQLITE_CHECK_EVERY)
    try:
        yield
    except OperationalError as error:
        if expired:
            raise SearchTimedOut(_timed_out(seconds)) from error
        raise
    finally:
        connection.set_progress_handler(None, 0)


def _timed_out(seconds: float) -> str:
    return f"search took longer than {seconds:g} s and was stopped; use fewer or rarer words"


# A search hit: the article's id, its snippet and its rank (the order's key, with the id).
Hit = tuple[int, str, float]
# The articles a search may find (a select of ids), and the hit it starts after.
_Bounds = tuple["Select[Any] | None", "tuple[float, int] | None"]


def search_articles(
    session: Session,
    query: ParsedQuery,
    limit: int,
    *,
    within: Select[Any] | None = None,
    after: tuple[float, int] | None = None,
) -> list[tuple[ArticleRow, str, float]]:
    """(article, snippet, rank) triples, best match first, then by id; user input is always
    bound, never spliced. `within` (a select of article ids) narrows the matches; `after`
    (a hit's rank and id) starts after that hit, so that pages of hits neither skip nor repeat
    one however many there are (the rank of a hit depends only on the stored articles)."""
    if query.empty:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _with_rows(session, _search_sqlite(session, query, limit, (within, after)))
    return _with_rows(session, _search_postgresql(session, query, limit, (within, after)))


_FTS = table("articles_fts", column("rowid", Integer))
_FTS_NAME: ColumnElement[Any] = literal_column("articles_fts")


def _search_sqlite(session: Session, query: ParsedQuery, limit: int, bounds: _Bounds) -> list[Hit]:
    within, after = bounds
    match = fts5_match(query)
    rowid = _FTS.c.rowid
    # bm25: lower is better.
    rank = func.bm25(_FTS_NAME, 5.0, 2.0, 1.0)
    statement = select(rowid, rank).where(_FTS_NAME.op("MATCH")(bindparam("match", match, type_=Text)))
    if within is not None:
        statement = statement.where(rowid.in_(within))
    if after is not None:
        statement = statement.where(or_(rank > after[0], and_(rank == after[0], rowid > after[1])))
    ranked = session.execute(statement.order_by(rank, rowid).limit(limit)).all()
    # Snippets only for the page's hits, not for every match the ranking read.
    snippets: dict[int, str] = dict(
        session.execute(
            text(
                "SELECT rowid, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
                "WHERE articles_fts MATCH :match AND rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"match": match, "ids": [int(r[0]) for r in ranked]},
        ).all()
    )
    return [(int(i), str(snippets.get(i, "")), float(r)) for i, r in ranked]


def _search_postgresql(session: Session, query: ParsedQuery, limit: int, bounds: _Bounds) -> list[Hit]:
    within, after = bounds
    configs = _configs_in_use(session)
    if not configs:
        return []
    asked = bindparam("tsquery", tsquery_text(query), type_=Text)
    marked = bindparam("highlight", tsquery_highlight(query), type_=Text)
    document: ColumnElement[Any] = literal_column(f"articles.{_PG_DOCUMENT_COLUMN}")
    config: ColumnElement[Any] = literal_column(f"articles.{_PG_CONFIG_COLUMN}")
    # The GIN index answers `document @@ constant`: the query in every configuration in use,
    # OR'd, finds a superset of the matches, which the query in each row's own configuration
    # narrows. Only those in use: the query in 'simple' (no stop words) or in a language no
    # article has made the planner read every row, 1 s for a query of common English words.
    anywhere = functools.reduce(lambda a, b: a.op("||")(b), [_tsquery(c, asked) for c in configs])
    # ts_rank: higher is better. A real, read back as its shortest decimal, which is not the
    # real compared against: as a double the rank a cursor carries is the one compared.
    rank = cast(func.ts_rank(document, _own_tsquery(config, configs, asked)), postgresql.DOUBLE_PRECISION)
    statement: Select[Any] = select(
        ArticleRow.id,
        func.ts_headline(
            config,
            ArticleRow.body,
            _own_tsquery(config, configs, marked),
            "StartSel=[, StopSel=], MaxWords=24, MinWords=8",
        ),
        rank,
    ).where(document.op("@@")(anywhere), document.op("@@")(_own_tsquery(config, configs, asked)))
    if within is not None:
        statement = statement.where(ArticleRow.id.in_(within))
    if after is not None:
        statement = statement.where(or_(rank < after[0], and_(rank == after[0], ArticleRow.id > after[1])))
    statement = statement.order_by(rank.desc(), ArticleRow.id).limit(limit)
    return [(int(r[0]), str(r[1]), float(r[2])) for r in session.execute(statement).all()]


# The articles' distinct languages, each found through the language index in one step (a
# skip scan: PostgreSQL has none built in), so a store of millions of articles in a few
# languages costs a few look-ups.
_LANGUAGES = text(
    "WITH RECURSIVE present(language) AS ("
    "(SELECT language FROM articles WHERE language IS NOT NULL ORDER BY language LIMIT 1) "
    "UNION ALL SELECT (SELECT a.language FROM articles a WHERE a.language > p.language "
    "ORDER BY a.language LIMIT 1) FROM present p WHERE p.language IS NOT NULL) "
    "SELECT language FROM present WHERE language IS NOT NULL"
)
_UNKNOWN_LANGUAGE = text("SELECT EXISTS (SELECT 1 FROM articles WHERE language IS NULL)")


def _configs_in_use(session: Session) -> list[str]:
    """The text search configurations of the stored articles, as migration 0002 picks them."""
    configs = {pg_config(str(language)) for language in session.scalars(_LANGUAGES)}
    if session.scalar(_UNKNOWN_LANGUAGE):
        configs.add(PG_FALLBACK_CONFIG)
    return sorted(configs)


def _regconfig(name: str) -> ColumnElement[Any]:
    # Names from searchexpr's table only, never user input.
    return literal_column(f"'{name}'::regconfig")


def _tsquery(name: str, query: BindParameter[str]) -> ColumnElement[Any]:
    # With constant arguments to_tsquery is folded once per statement, not run per row.
    return func.to_tsquery(_regconfig(name), query)


def _own_tsquery(
    config: ColumnElement[Any], configs: list[str], query: BindParameter[str]
) -> ColumnElement[Any]:
    """The query stemmed in each row's configuration: one of the constants, per row only for a
    configuration that a later migration may add and pg_config does not name."""
    branches = [(config == _regconfig(name), _tsquery(name, query)) for name in configs]
    return case(*branches, else_=func.to_tsquery(config, query))


def _with_rows(session: Session, hits: list[Hit]) -> list[tuple[ArticleRow, str, float]]:
    rows = {
        row.id: row
        for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_([h[0] for h in hits])))
    }
    return [(rows[i], snippet, rank) for i, snippet, rank in hits if i in rows]
