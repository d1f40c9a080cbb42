"""Article factory for tests: real extraction output is slow to make, so unit tests build these."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newscrawl.article import Article, Image
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.urlkey import site_of, url_key


def make_article(url: str, body: str = "", **fields: object) -> Article:
    body = body or f"Body of {url}. " * 30
    article = Article(
        url=url,
        url_key=url_key(url),
        site=site_of(url),
        headline=f"Headline of {url}",
        body=body,
        content_hash=content_hash(body),
        simhash=simhash(body),
        published_at=datetime(2024, 3, 12, 10, 0, tzinfo=UTC),
        published_date=date(2024, 3, 12),
        language="en",
        tags=["Budget", "Flooding"],
        authors=["Dana Whitfield"],
        images=[Image(url="https://example.com/a.jpg", caption="A caption", credit="A credit")],
        caption="A caption",
        image_credit="A credit",
    )
    for name, value in fields.items():
        setattr(article, name, value)
    return article
