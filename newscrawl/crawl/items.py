"""Any spider's items as Articles: dicts, dataclasses, attrs classes and scrapy Items alike."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.article import Article, Image
from newscrawl.fingerprint import content_hash, simhash
from newscrawl.urlkey import InvalidUrl, absolute_url, identity_url, site_of, url_key

# The fields that make an item an article; any other item is someone else's and passes on.
IDENTIFYING = ("url", "headline", "body")
_TYPES = typing.get_type_hints(Article)
_IMAGE_FIELDS = frozenset(f.name for f in dataclasses.fields(Image))


class InvalidArticle(DropItem):
    """An article item with a field newscrawl cannot read, such as a date that is no date."""


def as_article(item: Any) -> Article | None:
    """The item as an Article, or None when it is no article (it lacks url, headline or body).

    What newscrawl derives itself (url_key, site, content_hash, simhash) is filled in where the
    item leaves it out, so a spider of one's own only needs to yield url, headline and body.
    """
    if isinstance(item, Article):
        return item
    if not ItemAdapter.is_item(item):
        return None
    adapter = ItemAdapter(item)
    if not all(name in adapter for name in IDENTIFYING):
        return None
    values: dict[str, Any] = {}
    for name, value in adapter.items():
        if name in _TYPES:
            try:
                values[name] = _read(_TYPES[name], value)
            except (TypeError, ValueError) as error:
                raise InvalidArticle(f"article {adapter.get('url')!r}: {name}: {error}") from None
    article = Article(**values)
    try:
        own_key = url_key(article.url)
        article.site = article.site or site_of(article.url)
    except ValueError as error:
        raise InvalidArticle(f"article {article.url!r}: url: {error}") from None
    article.canonical_url = _canonical(article.canonical_url, article.url)
    if not article.url_key:
        canonical = identity_url(article.url, article.canonical_url)
        article.url_key = own_key if canonical == article.url else url_key(canonical)
    article.content_hash = article.content_hash or (content_hash(article.body) if article.body else "")
    article.simhash = article.simhash or (simhash(article.body) if article.body else 0)
    return article


def _canonical(url: str | None, base: str) -> str | None:
    """`url` resolved against the article's, if it can be keyed: a canonical nobody could
    fetch is the page's mistake, and costs the article its canonical, not its place."""
    joined = absolute_url(base, url) if url else None
    if joined is None:
        return None
    try:
        url_key(joined)
    except InvalidUrl:
        return None
    return joined


def _read(kind: Any, value: Any) -> Any:
    """`value` as a value of the Article field type `kind`; ISO 8601 strings become dates."""
    union = typing.get_origin(kind) in (typing.Union, types.UnionType)
    members = typing.get_args(kind) if union else (kind,)
    if value is None and type(None) in members:
        return None
    kind = next(member for member in members if member is not type(None))
    origin = typing.get_origin(kind)
    if origin is list:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return [_read(typing.get_args(kind)[0], element) for element in value]
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"expected a mapping, got {type(value).__name__}")
        return {str(k): str(v) for k, v in value.items()}
    if kind is Image:
        fields = ItemAdapter(value).asdict() if ItemAdapter.is_item(value) else {"url": value}
        return Image(**{k: v for k, v in fields.items() if k in _IMAGE_FIELDS})
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is date and isinstance(value, datetime):
        return value.date()
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value
