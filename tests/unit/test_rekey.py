"""A store written by an older newscrawl, with its URL keys, still knows its articles once opened:
keys are computed again, rows whose keys become one are merged, nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text

from newscrawl.store import ArticleWriter, Outcome, get_article, list_articles, list_revisions, open_engine
from newscrawl.store.rekey import VERSION_SETTING
from newscrawl.urlkey import KEY_VERSION, url_key
from tests.articles import make_article
from tests.legacykey import legacy_url_key


def _as_written_by_the_old_url_key(engine: Engine) -> None:
    """Every key as the old url_key computed it, and no record of a key version (the table
    that holds it is newer than such a store)."""
    with engine.begin() as connection:
        for table in ("articles", "aliases"):
            rows = connection.execute(text(f"SELECT id, url FROM {table}")).all()
            for row_id, url in rows:
                connection.execute(
                    text(f"UPDATE {table} SET url_key = :key WHERE id = :id"),
                    {"key": legacy_url_key(url), "id": row_id},
                )
        connection.execute(text("DROP TABLE store_settings"))
        # Such a store is older than the migrations too.
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()


def _keys(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT url, url_key FROM articles")).all())  # type: ignore[arg-type]


def test_an_old_store_is_rekeyed_on_opening(database_url: str) -> None:
    engine = open_engine(database_url)
    urls = [
        "https://example.com/caf%c3%a9/story",
        "https://bücher.example/neu/story",
        "https://example.com/a/./b/../story",
        "https://example.com/plain/story",
        # `output` was stripped as tracking: the old key of this page was its bare path's
        "https://example.com/listing?output=1",
    ]
    results = ArticleWriter(engine).save([make_article(url) for url in urls])
    # Stripping `ref` as tracking, the old writer made this variant an alias of the plain story.
    tracked = "https://example.com/plain/story?ref=home&utm_source=x"
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO aliases (url, url_key, article_id, reason) VALUES (:url, '', :id, :why)"),
            {"url": tracked, "id": results[3].article_id, "why": "duplicate_url"},
        )
    _as_written_by_the_old_url_key(engine)
    old = _keys(engine)
    assert old["https://example.com/caf%c3%a9/story"] == "example.com/caf%c3%a9/story"

    engine = open_engine(database_url)
    assert _keys(engine) == {url: url_key(url) for url in urls}
    assert _keys(engine) != old
    with engine.connect() as connection:
        version = connection.execute(
            text("SELECT value FROM store_settings WHERE name = :name"), {"name": VERSION_SETTING}
        ).scalar()
        aliases = dict(connection.execute(text("SELECT url, url_key FROM aliases")).all())  # type: ignore[arg-type]
    assert version == str(KEY_VERSION)
    assert aliases == {url: url_key(url) for url in aliases}
    assert aliases[tracked] == "example.com/plain/story?ref=home"
    found = get_article(engine, "https://example.com/plain/story?ref=home")
    assert found is not None and found.url == urls[3]
    # every look-up by URL finds what it found before, and what it missed
    for spelling in ("https://example.com/caf%C3%A9/story", "https://example.com/café/story"):
        found = get_article(engine, spelling)
        assert found is not None and found.url == urls[0], spelling
    writer = ArticleWriter(engine)
    assert set(writer.fetch_states([url_key(u) for u in urls])) == {url_key(u) for u in urls}
    # and a crawl fetching them again stores no second copy
    results = writer.save([make_article(url) for url in urls])
    assert {r.outcome for r in results} == {Outcome.DUPLICATE_URL}
    assert len(list_articles(engine, limit=None)) == len(urls)


def test_rows_whose_keys_become_one_are_merged_losing_nothing(database_url: str) -> None:
    engine = open_engine(database_url)
    writer = ArticleWriter(engine)
    older = make_article(
        "https://example.com/news/placeholder-1",
        body="The story as first told. " * 30,
        tags=["Storm"],
        fetched_at=datetime(2024, 4, 1, tzinfo=UTC),
    )
    newer = make_article(
        "https://example.com/news/placeholder-2",
        body="The story as told later. " * 30,
        tags=["Coast"],
        fetched_at=datetime(2024, 4, 2, tzinfo=UTC),
    )
    [first, second] = writer.save([older, newer])
    writer.save([make_article("https://example.com/news/placeholder-2?from=feed", body=newer.body)])
    # The old url_key kept these two spellings of one URL apart: two rows.
    with engine.begin() as connection:
        for row_id, url in (
            (first.article_id, "https://example.com/news/café"),
            (second.article_id, "https://example.com/news/caf%c3%a9"),
        ):
            connection.execute(
                text("UPDATE articles SET url = :url WHERE id = :id"), {"url": url, "id": row_id}
            )
    _as_written_by_the_old_url_key(engine)

    engine = open_engine(database_url)
    [merged] = list_articles(engine, limit=None)
    assert merged.id == first.article_id
    assert merged.url == "https://example.com/news/café"
    assert merged.url_key == "example.com/news/caf%C3%A9"
    assert "The story as told later." in merged.body and merged.tags == ["Coast"]
    assert set(merged.aliases) == {
        "https://example.com/news/caf%c3%a9",
        "https://example.com/news/placeholder-2?from=feed",
    }
    versions = list_revisions(engine, merged.id)
    assert [v.version for v in versions] == [1, 2]
    assert "first told" in versions[0].body and "told later" in versions[1].body
    for spelling in (
        "https://example.com/news/caf%C3%A9",
        "https://example.com/news/placeholder-2?from=feed",
    ):
        found = get_article(engine, spelling)
        assert found is not None and found.id == merged.id


def test_an_old_syndicated_copy_moves_to_the_url_it_was_found_at(database_url: str) -> None:
    local, wire = "https://local.example/wire/storm", "https://wire.example/storm"
    engine = open_engine(database_url)
    [copy] = ArticleWriter(engine).save([make_article(local, canonical_url=wire)])
    # As an older newscrawl stored it: under its canonical, the fetched URL an alias.
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET url = :url"), {"url": wire})
        connection.execute(text("DELETE FROM aliases"))
        connection.execute(
            text("INSERT INTO aliases (url, url_key, article_id, reason) VALUES (:url, '', :id, 'variant')"),
            {"url": local, "id": copy.article_id},
        )
    _as_written_by_the_old_url_key(engine)

    engine = open_engine(database_url)
    stored = get_article(engine, local)
    assert stored is not None
    assert (stored.url, stored.url_key, stored.site, stored.canonical_url) == (
        local,
        url_key(local),
        "local.example",
        wire,
    )
    assert stored.aliases == [wire]
    [own] = ArticleWriter(engine).save([make_article(wire, body="The wire's own story. " * 30)])
    assert own.outcome is Outcome.STORED


def test_a_current_store_is_left_alone(database_url: str) -> None:
    engine = open_engine(database_url)
    ArticleWriter(engine).save([make_article("https://example.com/a")])
    with engine.begin() as connection:
        # a key no rules would give: were the store re-keyed, it would change
        connection.execute(text("UPDATE articles SET url_key = 'kept as it is'"))
    engine.dispose()
    engine = open_engine(database_url)
    assert _keys(engine) == {"https://example.com/a": "kept as it is"}


def test_a_row_keyed_again_onto_an_unchanged_one_is_merged_into_the_older(database_url: str) -> None:
    engine = open_engine(database_url)
    lower, upper = "https://example.com/x/caf%c3%a9", "https://example.com/x/caf%C3%A9"
    [older, newer] = ArticleWriter(engine).save(
        [make_article("https://example.com/x/one"), make_article("https://example.com/x/two")]
    )
    with engine.begin() as connection:
        for row_id, url in ((older.article_id, lower), (newer.article_id, upper)):
            connection.execute(
                text("UPDATE articles SET url = :url WHERE id = :id"), {"url": url, "id": row_id}
            )
    _as_written_by_the_old_url_key(engine)
    # the newer row's key is the same by either rules; the older row's is not
    assert legacy_url_key(upper) == url_key(upper) != legacy_url_key(lower)

    engine = open_engine(database_url)
    [merged] = list_articles(engine, limit=None)
    assert (merged.id, merged.url, merged.url_key) == (older.article_id, lower, url_key(upper))
    assert upper in merged.aliases
