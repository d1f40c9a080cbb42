"""The JSON the API answers with: articles, an article whole, runs and sources' health."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from newscrawl.article import StoredArticle
from newscrawl.runresult import run_record
from newscrawl.serve.reading import Detail, Found
from newscrawl.store import CrawlRun, DayCoverage, SourceHealth


def article_json(article: StoredArticle) -> dict[str, Any]:
    """Its id first, then every stored field (aliases and images with caption and credit too)."""
    record = article.to_json()
    return {"id": record.pop("id"), **record}


def found_json(found: Found) -> dict[str, Any]:
    record = article_json(found.article)
    if found.snippet is not None:
        # The words that matched are between [ and ].
        record["snippet"] = found.snippet
    return record


def detail_json(detail: Detail) -> dict[str, Any]:
    return {
        **article_json(detail.article),
        "revisions": [_plain(dataclasses.asdict(r)) for r in detail.revisions],
        "near_duplicates": [
            {
                "id": copy.article.id,
                "relation": copy.relation,
                "url": copy.article.url,
                "site": copy.article.site,
                "headline": copy.article.headline,
            }
            for copy in detail.near_duplicates
        ],
    }


def run_json(run: CrawlRun) -> dict[str, Any]:
    record: dict[str, Any] = _plain(run_record(run))
    return record


def source_json(health: SourceHealth) -> dict[str, Any]:
    record: dict[str, Any] = _plain({**dataclasses.asdict(health), "judged": health.judged})
    return record


def coverage_json(site: str, days: list[DayCoverage]) -> dict[str, Any]:
    return {"site": site, "days": [_plain(dataclasses.asdict(d)) for d in days]}


def _plain(value: Any) -> Any:
    """Dates and times as ISO 8601 text, in lists and dicts too."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):  # datetimes are dates too
        return value.isoformat()
    return value
