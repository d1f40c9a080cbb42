"""The hostile site, crawled by the real CLI: every case ends as expected, counted by reason in the
run's stats and logged with its URL, within bounded time and memory, without a traceback, and
the ordinary articles crawled beside them are all stored without waiting for them.

One crawl covers every case (they run side by side, as on a real site); the 200,000-URL
sitemap gets a crawl of its own, bounded by --max-pages. See run.TEST_SETTINGS for the
test-sized timeouts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.case import Case
from tests.hostile.listcases import SECRET
from tests.hostile.run import CrawlRun, crawl
from tests.hostile.server import Hit
from tests.hostile.site import all_cases, secret_file, serve, start_urls

MB = 1024 * 1024
MAX_MEMORY = 500 * MB
# Prefixes of the stats that say what became of each URL: all of them must be accounted for.
OUTCOMES = (
    "newscrawl/errors/",
    "newscrawl/skipped/",
    "newscrawl/refused/",
    "newscrawl/download_failures/",
    "newscrawl/retry_after/",
    "newscrawl/robots/",
)
SHARED = [c for c in all_cases(Path("/unused")) if c.alone is None]
SLOW_CASES = ("trickle", "stalled-body")


@dataclass
class Crawled:
    cases: list[Case]
    run: CrawlRun
    hits: list[Hit]
    bases: dict[str, str]
    db: Path

    def case(self, name: str) -> Case:
        return next(c for c in self.cases if c.name == name)

    def hits_of(self, case: Case) -> list[Hit]:
        return [hit for hit in self.hits if case.owns(hit)]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    tmp = tmp_path_factory.mktemp("hostile")
    cases = [c for c in all_cases(secret_file(tmp)) if c.alone is None]
    with serve(cases) as server:
        run = crawl(start_urls(server, cases), tmp / "news.db")
        bases = {host: server.url(host) for host in server.hosts}
        return Crawled(cases, run, list(server.hits), bases, tmp / "news.db")


def test_the_crawl_ends_without_a_crash_or_a_traceback(crawled: Crawled) -> None:
    run = crawled.run
    assert run.returncode == 0, run.output[-3000:]
    assert run.stats.get("finish_reason") == "finished"
    assert "Traceback" not in run.output
    assert "Unhandled error" not in run.output


def test_memory_of_the_whole_crawl_stays_bounded(crawled: Crawled) -> None:
    assert crawled.run.peak_pss < MAX_MEMORY, crawled.run.peak_pss // MB
    assert crawled.run.peak_process < MAX_MEMORY, crawled.run.peak_process // MB


def test_every_outcome_is_counted_by_reason(crawled: Crawled) -> None:
    expected: Counter[str] = Counter()
    for case in crawled.cases:
        expected.update(case.stats)
    counted = {k: v for k, v in crawled.run.stats.items() if k.startswith(OUTCOMES) or k in expected}
    assert counted == dict(expected)


def test_exactly_the_expected_articles_are_stored(crawled: Crawled) -> None:
    expected = [headline for case in crawled.cases for headline in case.stored]
    assert sorted(crawled.run.headlines) == sorted(expected)


def test_ordinary_articles_are_not_held_up_by_the_slow_cases(crawled: Crawled) -> None:
    """Every good article was requested while the trickle and the stalled body were still on
    their first try: the bad cases held none of the crawl's slots for long.

    It compares when the good requests reached the server, not when their answers ended: how
    fast the test's own server answers on a loaded machine is not the crawl's doing (under
    pytest -n 4 the last answer once ended 1.5 s after the first slow case's timeout)."""
    good = [hit for case in crawled.cases if case.name.startswith("good-") for hit in crawled.hits_of(case)]
    assert good and all(hit.outcome == "done" for hit in good)
    slow = [hit for name in SLOW_CASES for hit in crawled.hits_of(crawled.case(name))]
    first_slow_end = min(hit.ended or float("inf") for hit in slow)
    assert max(hit.started for hit in good) < first_slow_end


def test_no_local_file_is_read_through_an_external_entity(crawled: Crawled) -> None:
    assert not [hit for hit in crawled.hits if SECRET in hit.path]
    assert SECRET not in crawled.run.output
    assert SECRET.encode() not in crawled.db.read_bytes()


@pytest.mark.parametrize("name", [c.name for c in SHARED if not c.name.startswith("good-")])
def test_case(crawled: Crawled, name: str) -> None:
    case = crawled.case(name)
    base = crawled.bases[case.host]
    pattern = case.log_pattern(base)
    if pattern:
        assert re.search(pattern, crawled.run.output, re.MULTILINE), pattern
    assert set(case.stored) <= set(crawled.run.headlines)
    hits = crawled.hits_of(case)
    assert all(hit.ended is not None for hit in hits), "the server is still answering it"
    if hits:
        span = max(h.ended or 0 for h in hits) - min(h.started for h in hits)
        assert span <= case.within, f"{name} took {span:.1f} s"
    if case.check:
        case.check(hits)


def test_a_sitemap_of_200000_urls_is_crawled_as_it_is_read(tmp_path: Path) -> None:
    """The first article is downloaded soon after the sitemap, and memory stays flat."""
    case = next(c for c in all_cases(tmp_path) if c.name == "sitemap-200k")
    assert case.alone is not None
    with serve([case]) as server:
        run = crawl(start_urls(server, [case]), tmp_path / "news.db", *case.alone, timeout=case.within)
        hits = list(server.hits)
    assert run.returncode == 0, run.output[-3000:]
    assert "Traceback" not in run.output
    assert run.stats.get("newscrawl/article_pages") == 20
    # The pages --max-pages kept from going out are counted as such, not as failed downloads.
    assert not [key for key in run.stats if key.startswith("newscrawl/errors/")]
    listing = min(h.started for h in hits if h.path.startswith("/sitemaps/"))
    first = min(h.started for h in hits if h.path.startswith("/many/"))
    assert first - listing < 15, f"first article {first - listing:.0f} s after the sitemap"
    assert run.peak_pss < MAX_MEMORY, run.peak_pss // MB
