"""What a crawl did, in the words a person asks about, read from Scrapy's stats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass
class Summary:
    pages_fetched: int
    article_pages: int
    articles_stored: int
    revised: int
    unchanged: int
    duplicates: int
    already_stored: int
    not_articles: int
    errors: int
    spilled: int
    ended: str

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> Summary:
        def total(prefix: str) -> int:
            return sum(
                int(v) for k, v in stats.items() if k.startswith(prefix) and k.count("/") == prefix.count("/")
            )

        return cls(
            pages_fetched=int(stats.get("downloader/response_count", 0)),
            article_pages=int(stats.get("newscrawl/article_pages", 0)),
            articles_stored=int(stats.get("newscrawl/stored", 0)),
            revised=int(stats.get("newscrawl/revised", 0)),
            unchanged=int(stats.get("newscrawl/unchanged", 0)),
            duplicates=int(stats.get("newscrawl/duplicates", 0)),
            already_stored=int(stats.get("newscrawl/skipped_stored", 0)),
            not_articles=total("newscrawl/skipped/"),
            errors=total("newscrawl/errors/"),
            spilled=int(stats.get("newscrawl/spilled", 0)),
            ended=_ended(stats),
        )

    def one_line(self) -> str:
        return (
            f"pages {self.pages_fetched} · stored {self.articles_stored} · "
            f"duplicates {self.duplicates} · already stored {self.already_stored} · "
            f"not articles {self.not_articles} · errors {self.errors}"
        )

    def report(self) -> str:
        return "\n".join(
            [
                f"pages fetched:       {self.pages_fetched} ({self.article_pages} article pages)",
                f"articles stored:     {self.articles_stored}",
                f"articles revised:    {self.revised} ({self.unchanged} refetched unchanged)",
                f"duplicates skipped:  {self.duplicates}",
                f"already stored:      {self.already_stored} (not downloaded)",
                f"non-articles:        {self.not_articles}",
                f"errors:              {self.errors}",
                *([f"not stored:          {self.spilled} (saved to a spill file)"] if self.spilled else []),
                f"ended:               {self.ended}",
            ]
        )


def _ended(stats: Mapping[str, Any]) -> str:
    """Why the crawl ended, with what that cost."""
    reason = str(stats.get("finish_reason", "unknown"))
    if reason == "newscrawl_max_pages":
        skipped = int(stats.get("newscrawl/skipped_max_pages", 0))
        return f"the --max-pages limit was reached ({skipped} more pages not downloaded)"
    if reason == "shutdown":
        dropped = int(stats.get("newscrawl/stop/dropped", 0))
        abandoned = int(stats.get("newscrawl/stop/abandoned", 0))
        return f"stopped by a signal ({dropped} queued requests dropped, {abandoned} in-flight abandoned)"
    return reason
