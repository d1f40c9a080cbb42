"""Stories read from the `near_duplicate_of` links, on SQLite and PostgreSQL: chains, links
back, links to an article not stored, and the filters of the grouped list."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from newscrawl.store import (
    ArticleFilters,
    ArticleWriter,
    Story,
    get_article,
    list_stories,
    near_duplicates_of,
    open_engine,
)
from newscrawl.store.models import ArticleRow
from tests.articles import make_article


def _store(database_url: str) -> dict[str, int]:
    """a, the original; b copies a; c copies b (its closest); d stands alone; e copies an
    article that was never stored. Published a day apart, e first, d last."""
    engine = open_engine(database_url)
    links = {"b": "a.example/story", "c": "b.example/story", "e": "gone.example/story"}
    days = {"e": 9, "a": 10, "b": 11, "c": 12, "d": 13}
    ids = {}
    for name in "abcde":
        article = make_article(f"https://{name}.example/story", language="de" if name == "d" else "en")
        article.published_at = datetime(2024, 3, days[name], 10, tzinfo=UTC)
        if name in links:
            article.provenance["near_duplicate_of"] = links[name]
        ArticleWriter(engine).save([article])
        stored = get_article(engine, article.url)
        assert stored is not None
        ids[name] = stored.id
    return ids


def test_every_copy_of_a_story_is_listed_with_its_link(database_url: str) -> None:
    ids = _store(database_url)
    engine = open_engine(database_url)

    def shown(name: str) -> list[tuple[int, str]]:
        return [(c.article.id, c.relation) for c in near_duplicates_of(engine, ids[name])]

    assert shown("a") == [(ids["b"], "copied by"), (ids["c"], "same story")]
    assert shown("b") == [(ids["a"], "copy of"), (ids["c"], "copied by")]
    assert shown("c") == [(ids["a"], "same story"), (ids["b"], "copy of")]
    assert shown("d") == []
    assert shown("e") == []


def test_a_copy_linked_back_is_still_one_story_named_after_the_first(database_url: str) -> None:
    ids = _store(database_url)
    engine = open_engine(database_url)
    # Fetched again, the original finds its copy as its closest other article.
    with engine.begin() as connection:
        connection.execute(
            update(ArticleRow)
            .where(ArticleRow.id == ids["a"])
            .values(provenance={"near_duplicate_of": "b.example/story"})
        )
    assert [c.article.id for c in near_duplicates_of(engine, ids["c"])] == [ids["a"], ids["b"]]
    stories = list_stories(engine, limit=None)
    assert [(s.first.id, s.copies, s.article_ids) for s in stories] == [
        (ids["d"], 1, [ids["d"]]),
        (ids["a"], 3, [ids["a"], ids["b"], ids["c"]]),
        (ids["e"], 1, [ids["e"]]),
    ]


def test_stories_are_listed_newest_first_through_the_list_filters(database_url: str) -> None:
    ids = _store(database_url)
    engine = open_engine(database_url)

    def listed(stories: list[Story]) -> list[tuple[int, int]]:
        return [(s.first.id, s.copies) for s in stories]

    assert listed(list_stories(engine, limit=None)) == [(ids["d"], 1), (ids["a"], 3), (ids["e"], 1)]
    assert listed(list_stories(engine, limit=2)) == [(ids["d"], 1), (ids["a"], 3)]
    # The story is picked by a copy the filter selects, and counts all of its copies.
    assert listed(list_stories(engine, ArticleFilters(site="c.example"))) == [(ids["a"], 3)]
    assert listed(list_stories(engine, ArticleFilters(language="de"))) == [(ids["d"], 1)]
    until = datetime(2024, 3, 11, tzinfo=UTC)
    assert listed(list_stories(engine, ArticleFilters(until=until))) == [(ids["a"], 3), (ids["e"], 1)]
    assert listed(list_stories(engine, ArticleFilters(since=datetime(2024, 3, 14, tzinfo=UTC)))) == []
