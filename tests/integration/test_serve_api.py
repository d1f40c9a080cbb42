"""`newscrawl serve`'s JSON API through real HTTP on 127.0.0.1, over SQLite and PostgreSQL stores."""

from __future__ import annotations

import dataclasses
import hashlib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from pydantic import TypeAdapter
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from newscrawl.serve import schemas
from newscrawl.serve.security import CONTENT_SECURITY_POLICY
from newscrawl.store import (
    ArticleFilters,
    StoreError,
    list_articles,
    open_engine,
    open_readonly,
    search,
)
from newscrawl.store.searchquery import MAX_SEARCH_LENGTH
from tests.servestore import HOSTILE_TAGS, Filled, fill
from tests.serving import get, serving


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Filled]]:
    """A filled store on each database and a server over it, shared by this module's tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('serve') / 'news.db'}"
        filled = fill(url)
        with serving(url) as base:
            yield base, filled
        return
    from tests.conftest import service_url
    from tests.pgschema import scratch_schema

    base_url = service_url("NEWSCRAWL_TEST_POSTGRES_URL")
    assert base_url is not None
    with scratch_schema(base_url) as url:
        filled = fill(url)
        with serving(url) as base:
            yield base, filled


def _pages(base: str, **query: str) -> list[list[int]]:
    """Every page of /api/articles for the query, following the cursors, as lists of ids."""
    pages: list[list[int]] = []
    cursor: str | None = None
    while True:
        asked = {**query, **({"cursor": cursor} if cursor else {})}
        reply = get(f"{base}/api/articles?{urlencode(asked)}").json()
        pages.append([a["id"] for a in reply["articles"]])
        cursor = reply["next"]
        if cursor is None:
            return pages
        assert len(pages) < 100, "the cursors go round in circles"


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"site": "www.gazette.example"},
        {"section": "coast"},
        {"author": "JONAS BERG"},
        {"tag": "harbour", "since": "2024-03-02", "until": "2024-03-10T12:00:00+00:00"},
        {"lang": "en", "author": "maren holt"},
    ],
)
def test_listing_pages_follow_each_other_without_gaps_or_repeats(
    served: tuple[str, Filled], filters: dict[str, str]
) -> None:
    base, filled = served
    pages = _pages(base, limit="7", **filters)
    engine = open_readonly(filled.url)
    try:
        chosen = ArticleFilters(
            site=filters.get("site"),
            section=filters.get("section"),
            author=filters.get("author"),
            tag=filters.get("tag"),
            language=filters.get("lang"),
            since=_when(filters.get("since")),
            until=_when(filters.get("until")),
        )
        expected = [a.id for a in list_articles(engine, chosen, limit=None)]
    finally:
        engine.dispose()
    assert [i for page in pages for i in page] == expected
    assert expected and all(len(page) == 7 for page in pages[:-1])


def _when(value: str | None):  # type: ignore[no-untyped-def]
    from newscrawl.serve.params import _when as parse

    return parse("date", value)


def test_filters_select_what_they_name(served: tuple[str, Filled]) -> None:
    base, _ = served
    by_author = get(f"{base}/api/articles?author=ida%20lund&limit=100").json()["articles"]
    assert by_author and all("Ida Lund" in a["authors"] for a in by_author)
    coast = get(f"{base}/api/articles?section=COAST&limit=100").json()["articles"]
    assert coast and all(a["section"] == "Coast" for a in coast)
    assert get(f"{base}/api/articles?author=ida").json()["articles"] == []


def test_search_pages_are_stable_and_combine_with_filters(served: tuple[str, Filled]) -> None:
    base, filled = served
    pages = _pages(base, q="harbour", site="courier.example", limit="4")
    engine = open_readonly(filled.url)
    try:
        expected = [
            h.article.id
            for h in search(engine, "harbour", 1000, filters=ArticleFilters(site="courier.example")).hits
        ]
    finally:
        engine.dispose()
    found = [i for page in pages for i in page]
    assert found == expected and len(found) == len(set(found)) > 4
    reply = get(f"{base}/api/articles?q=harbour&limit=3").json()
    assert all("[" in a["snippet"] for a in reply["articles"])


def test_an_article_comes_with_its_aliases_images_revisions_and_copies(served: tuple[str, Filled]) -> None:
    base, filled = served
    article = get(f"{base}/api/articles/{filled.lighthouse}").json()
    assert article["headline"] == "Old lighthouse on Gull Point to be restored"
    assert article["images"][0]["caption"] == "The lighthouse on Gull Point at dusk on Monday."
    assert article["images"][0]["credit"] == "Tom Ridley/Gazette"
    assert [r["version"] for r in article["revisions"]] == [1, 2]
    assert (
        "1.2 million" in article["revisions"][0]["body"] and "1.5 million" in article["revisions"][1]["body"]
    )
    assert [c["id"] for c in article["near_duplicates"]] == [filled.copy]
    assert article["near_duplicates"][0]["relation"] == "copied by"
    assert isinstance(article["aliases"], list)
    assert article["titles"]["seo"] == "Old lighthouse on Gull Point to be restored | The Harbour Gazette"
    assert len(article["block_kinds"]) == len(article["body"].split("\n\n"))
    page = get(f"{base}/articles/{filled.lighthouse}").body.decode()
    assert (
        "<dt>seo title</dt><dd>Old lighthouse on Gull Point to be restored | The Harbour Gazette</dd>" in page
    )


def test_a_day_alone_is_shown_as_the_day(served: tuple[str, Filled]) -> None:
    base, filled = served
    day_alone, instant = filled.generated[3], filled.generated[1]  # see servestore.DAY_ALONE_EVERY
    article = get(f"{base}/api/articles/{day_alone}").json()
    assert (article["published_at"], article["published_precision"]) == ("2024-03-01", "date")
    assert get(f"{base}/api/articles/{instant}").json()["published_at"] == "2024-03-01T08:00:00+00:00"
    page = get(f"{base}/articles/{day_alone}").body.decode()
    assert 'published <time datetime="2024-03-01">2024-03-01</time>' in page
    described = get(f"{base}/openapi.json").json()["components"]["schemas"]
    for model in ("ArticleDetail", "FoundArticle"):
        for name in ("published_at", "modified_at"):
            assert {"type": "string", "format": "date"} in described[model]["properties"][name]["anyOf"]


def test_hostile_text_comes_back_as_the_json_strings_it_was(served: tuple[str, Filled]) -> None:
    base, filled = served
    article = get(f"{base}/api/articles/{filled.hostile}").json()
    assert article["headline"] == "Council <script>window.pwned=1</script> reviews harbour fees"
    assert article["tags"] == HOSTILE_TAGS
    assert "<script>window.pwned=7</script>" in article["body"]


def test_the_article_page_escapes_everything_the_store_holds(served: tuple[str, Filled]) -> None:
    base, filled = served
    page = get(f"{base}/articles/{filled.hostile}")
    html = page.body.decode()
    assert page.status == 200
    assert "Council &lt;script&gt;window.pwned=1&lt;/script&gt; reviews harbour fees" in html
    assert "&lt;img src=x onerror=&#34;window.pwned=11&#34;&gt;" in html
    # No markup of the page's own makes it through: not one script tag, handler or JS link.
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<svg" not in lowered
    assert "onerror=" not in lowered.replace("onerror=&#34;", "").replace(" onerror=window", "")
    assert 'href="javascript:' not in lowered


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles",
        "/",
        "/articles/1",
        "/api/articles/999999",
        "/sources",
        "/runs",
        "/static/style.css",
        "/openapi.json",
        "/nothing",
    ],
)
def test_every_response_carries_the_security_headers(served: tuple[str, Filled], path: str) -> None:
    base, _ = served
    reply = get(base + path)
    assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_a_request_for_another_host_is_refused(served: tuple[str, Filled]) -> None:
    # What a page of another site sends after DNS rebinding has pointed its name at 127.0.0.1.
    base, _ = served
    request = urllib.request.Request(f"{base}/api/articles", headers={"Host": "rebound.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert refused.value.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for host in ("localhost", f"127.0.0.1:{base.rsplit(':', 1)[1]}"):
        asked = urllib.request.Request(f"{base}/api/runs", headers={"Host": host})
        with urllib.request.urlopen(asked, timeout=30) as answer:
            assert answer.status == 200


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("cursor=not-a-cursor", 400, "cursor"),
        ("cursor=WyJzZWFyY2giLDEuMCw0XQ", 400, "cursor"),  # a search's cursor for a listing
        ("q=harbour&cursor=WyJsaXN0IixudWxsLCIyMDI0LTAzLTAxIiw0XQ", 400, "cursor"),  # naive time
        ("since=yesterday", 400, "since"),
        ("until=2024-13-45", 400, "until"),
        ("q=" + "a" * (MAX_SEARCH_LENGTH + 1), 400, "characters"),
        ("q=" + "a+" * 40, 400, "words"),
        ("q=" + "a" * 3000, 422, "q"),
        ("q=OR", 400, ""),
        ("limit=0", 422, "limit"),
        ("limit=many", 422, "limit"),
        ("site=" + quote("a\x00b"), 400, "control"),
        ("tag=" + "t" * 300, 422, "tag"),
    ],
)
def test_bad_input_is_a_json_error_not_a_failure(
    served: tuple[str, Filled], query: str, status: int, says: str
) -> None:
    base, _ = served
    reply = get(f"{base}/api/articles?{query}")
    assert reply.status == status, reply.body
    assert says in reply.json()["error"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/0", 422),
        ("/api/articles/x", 422),
        (f"/api/articles/{2**64}", 422),
        ("/api/articles/424242", 404),
        ("/api/runs?limit=-1", 422),
    ],
)
def test_bad_paths_are_json_errors(served: tuple[str, Filled], path: str, status: int) -> None:
    base, _ = served
    reply = get(base + path)
    assert reply.status == status and reply.json()["error"]


def test_runs_sources_coverage_and_the_openapi_description(served: tuple[str, Filled]) -> None:
    base, _ = served
    revisit, run = get(f"{base}/api/runs").json()["runs"]
    assert (run["source"], run["result"], run["pages"], run["stored"]) == ("gazette", "finished", 52, 49)
    assert revisit["id"] > run["id"]
    sources = {s["site"]: s for s in get(f"{base}/api/sources").json()["sources"]}
    assert set(sources) == {"gazette.example", "courier.example"}
    assert set(sources["gazette.example"]["current"]) == {
        "headline",
        "body",
        "date",
        "authors",
        "tags",
        "caption",
    }
    days = get(f"{base}/api/sources/gazette.example/coverage?days=10").json()["days"]
    assert len(days) == 10 and sum(d["articles"] for d in days) == sources["gazette.example"]["articles"]
    described = get(f"{base}/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/runs", "/api/sources"} <= set(
        described["paths"]
    )


def test_the_answers_have_the_shapes_the_description_gives(served: tuple[str, Filled]) -> None:
    base, filled = served
    described = get(f"{base}/openapi.json").json()["paths"]["/api/articles"]["get"]["responses"]
    assert described["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Articles"
    }
    for model, path in (
        (schemas.Articles, "/api/articles?q=harbour&limit=3"),
        (schemas.Articles, "/api/articles?limit=3"),
        (schemas.ArticleDetail, f"/api/articles/{filled.lighthouse}"),
        (schemas.Runs, "/api/runs"),
        (schemas.Sources, "/api/sources"),
        (schemas.Coverage, "/api/sources/gazette.example/coverage"),
        (schemas.Error, "/api/articles/424242"),
    ):
        TypeAdapter(model).validate_python(get(base + path).json())
    # And no key the description leaves out (validation ignores those).
    [hit] = get(f"{base}/api/articles?q=lighthouse&site=gazette.example").json()["articles"]
    assert set(hit) == {f.name for f in dataclasses.fields(schemas.FoundArticle)}
    detail = get(f"{base}/api/articles/{filled.lighthouse}").json()
    assert set(detail) == {f.name for f in dataclasses.fields(schemas.ArticleDetail)}
    [_, run] = get(f"{base}/api/runs").json()["runs"]
    assert set(run) == set(schemas.Run.model_fields)
    source = get(f"{base}/api/sources").json()["sources"][0]
    assert set(source) == set(schemas.Source.model_fields)


def test_the_server_cannot_write_and_leaves_a_sqlite_store_unchanged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    fill(url)
    store = tmp_path / "news.db"
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    with serving(url) as base:
        for path in ("/", "/?q=harbour", "/articles/1", "/sources", "/runs", "/api/articles?author=x"):
            assert get(base + path).status == 200
    engine = open_readonly(url)
    try:
        with pytest.raises(DBAPIError, match="readonly"), engine.begin() as connection:
            connection.execute(text("DELETE FROM articles"))
    finally:
        engine.dispose()
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


@pytest.mark.postgres
def test_the_server_cannot_write_to_postgresql(postgres_url: str) -> None:
    open_engine(postgres_url).dispose()
    engine = open_readonly(postgres_url)
    try:
        with pytest.raises(DBAPIError, match="read-only transaction"), engine.begin() as connection:
            connection.execute(text("DELETE FROM articles"))
    finally:
        engine.dispose()


def test_a_missing_or_foreign_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_readonly(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()
    foreign = tmp_path / "foreign.db"
    import sqlite3

    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="no newscrawl database"):
        open_readonly(str(foreign))


def test_an_unmigrated_store_is_refused_not_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    open_engine(url).dispose()
    engine = open_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"schema revision 0001.*newscrawl db upgrade"):
        open_readonly(url)
