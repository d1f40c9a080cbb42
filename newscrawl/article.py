"""The Article: the one record shared by extraction, crawling and storage."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from newscrawl.keptpage import KeptPage


def _plain(value: Any) -> Any:
    """Lists, dicts and dataclasses (an Image) as new lists and dicts; anything else as it is."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


# The kinds of a body's blocks (Article.block_kinds).
PARAGRAPH = "paragraph"
SUBHEADING = "subheading"
ITEM = "item"  # of a list
QUOTE = "quote"
TABLE = "table"
BLOCK_KINDS = (PARAGRAPH, SUBHEADING, ITEM, QUOTE, TABLE)


def kinds_from_subheadings(paragraphs: list[str], subheadings: list[str]) -> list[str]:
    """The kinds of paragraphs known only with their subheadings: the others are paragraphs."""
    heads = set(subheadings)
    return [SUBHEADING if p in heads else PARAGRAPH for p in paragraphs]


# The kinds of a page's titles (Article.titles), beside the headline it displays.
TITLE_KINDS = ("structured", "seo", "social", "feed")

# How precisely a page dated an article (Article.published_precision): a day alone
# ("2024-03-14"), or an instant (a time of day, in a zone or taken as UTC).
DAY = "date"
INSTANT = "instant"
PRECISIONS = (DAY, INSTANT)


def as_written(when: datetime | None, precision: str | None) -> date | None:
    """A stored date as precisely as the page wrote it: the day alone where it gave no time."""
    return when.date() if when is not None and precision == DAY else when


@dataclass
class Image:
    """An image of the article, with what the page says about it."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Article:
    """A news article as newscrawl stores it; `provenance` maps a field to where it came from."""

    url: str
    url_key: str = ""
    canonical_url: str | None = None
    site: str = ""
    section: str | None = None
    headline: str = ""
    # The page's other titles by kind (TITLE_KINDS): its structured data's headline, its search
    # title (<title>), its social cards' (og:title), its feed's; each as the page writes it.
    titles: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    body: str = ""
    subheadings: list[str] = field(default_factory=list)
    # The kind of each of the body's paragraphs, in order (BLOCK_KINDS); empty when unknown.
    block_kinds: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    caption: str | None = None
    image_credit: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    # When published, in UTC. A page that gave only a day (published_precision DAY) has no
    # instant: published_at is then that day's start in UTC, which sorts and filters it among
    # the others, and every output writes the day alone ("2024-03-14").
    published_at: datetime | None = None
    published_raw: str | None = None
    published_precision: str | None = None
    # The day printed on the page, in the publisher's zone (published_at is the UTC instant).
    published_date: date | None = None
    # When last modified, in UTC; precise as the page said, like published_at.
    modified_at: datetime | None = None
    modified_raw: str | None = None
    modified_precision: str | None = None
    language: str | None = None
    content_hash: str = ""
    simhash: int = 0
    fetched_at: datetime | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    # When the feed or sitemap that linked the page last said it changed (revisit bookkeeping).
    listing_date: datetime | None = None
    # The page it was extracted from, on its way to the store (NEWSCRAWL_KEEP_HTML). Not a
    # field (no annotation): feed exports, to_json, equality and dataclasses.replace leave
    # it out, and pickling, from the extraction worker to the crawl, keeps it.
    page = cast("KeptPage | None", None)

    @property
    def published(self) -> date | None:
        """When it was published, as precisely as the page said: a datetime (UTC) or a date."""
        return as_written(self.published_at, self.published_precision)

    @property
    def modified(self) -> date | None:
        """When it was last modified, as precisely as the page said."""
        return as_written(self.modified_at, self.modified_precision)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """The body's paragraphs with their kinds. An article stored before kinds were kept
        knows only its subheadings: its other paragraphs are paragraphs."""
        paragraphs = self.paragraphs
        kinds = self.block_kinds
        if len(kinds) != len(paragraphs):
            kinds = kinds_from_subheadings(paragraphs, self.subheadings)
        return list(zip(kinds, paragraphs, strict=True))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: datetimes and dates as ISO 8601 strings, images as dicts."""
        # What dataclasses.asdict returns, without its copy.deepcopy of every string and date:
        # that was half the time of `articles export`, and these values are never changed.
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        data["published_at"], data["modified_at"] = self.published, self.modified
        for name, value in data.items():
            if isinstance(value, date):
                data[name] = value.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """The inverse of to_json; unknown keys (an id, a snippet) are ignored."""
        names = {f.name for f in dataclasses.fields(Article)}
        values = {k: v for k, v in data.items() if k in names}
        for name in ("published_at", "modified_at", "fetched_at", "listing_date"):
            if values.get(name):
                values[name] = datetime.fromisoformat(values[name])
        for name in ("published", "modified"):
            when = values.get(f"{name}_at")
            if when is not None and when.tzinfo is None and "T" not in data[f"{name}_at"]:
                # A day alone, as to_json writes one: its start in UTC, as extraction stores it.
                values[f"{name}_at"] = when.replace(tzinfo=UTC)
                values.setdefault(f"{name}_precision", DAY)
        if values.get("published_date"):
            values["published_date"] = date.fromisoformat(values["published_date"])
        values["images"] = [Image(**image) for image in values.get("images") or []]
        return cls(**values)


@dataclass(kw_only=True)
class StoredArticle(Article):
    """An Article read back from the database, with its row id and the other URLs it had."""

    id: int
    aliases: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
