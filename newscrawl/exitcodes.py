"""Exit statuses of `crawl`, `run` and `schedule`, and how a crawl's stats map onto them.

A cron job or a systemd unit can only read the exit status, so each status means one thing.
They are ordered by how much a user must do about them: `run` exits with the largest status
of its crawls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK = 0
# Something failed that has no status of its own (a crawl process that died, say).
FAILED = 1
# A mistake on the command line or in a settings or sources file: nothing was crawled.
USAGE = 2
# No page answered: the site is down, unreachable, or every start URL is an HTTP error.
UNREACHABLE = 3
# Extracted articles could not be written to the database; they are in a spill file.
STORE_FAILED = 4
# Stopped by SIGINT or SIGTERM before the crawl was done; what was extracted is stored.
STOPPED = 130

MEANINGS = {
    OK: "the crawl did its job",
    FAILED: "the crawl failed (see its log)",
    USAGE: "a mistake in the command line, settings or sources file",
    UNREACHABLE: "no page could be fetched",
    STORE_FAILED: "articles could not be stored; they were saved to a spill file",
    STOPPED: "stopped by a signal; everything extracted was stored",
}

# Finish reasons of a crawl that did what was asked of it.
DONE_REASONS = frozenset({"finished", "closespider_pagecount", "newscrawl_max_pages"})


def reached_site(stats: Mapping[str, Any]) -> bool:
    """Whether any page answered at all (200, or 304 for an unchanged listing)."""
    return any(stats.get(f"downloader/response_status_count/{code}") for code in (200, 304))


def crawl_status(stats: Mapping[str, Any]) -> int:
    """The exit status that a crawl with these final stats reports."""
    if stats.get("newscrawl/spilled") or stats.get("newscrawl/spill_failed"):
        return STORE_FAILED
    reason = stats.get("finish_reason")
    if reason == "shutdown":
        return STOPPED
    if not reached_site(stats):
        return UNREACHABLE
    if reason not in DONE_REASONS:
        return FAILED
    return OK
