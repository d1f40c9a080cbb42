"""Second pipeline: near-duplicates (syndicated or lightly edited copies) found by simhash."""

from __future__ import annotations

import logging
from collections import OrderedDict, defaultdict
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.coalesce import Coalescer
from newscrawl.crawl.database import crawler_engine
from newscrawl.crawl.items import as_article
from newscrawl.fingerprint import hamming
from newscrawl.store import Sessions, StoreError, band_probes, near_duplicates, sessions, simhash_bands
from newscrawl.store.nearduplicates import EXACT_BITS

logger = logging.getLogger(__name__)

# Seconds an article waits for others before its near-duplicates are looked up. Articles
# leave the extraction workers one at a time, so without a wait nearly every one cost a
# statement of its own; a fifth of a second gathers about ten at fifty pages a second, and
# delays nothing but the article's write, which waits for its batch anyway.
LOOKUP_LINGER = 0.2


class RecentFingerprints:
    """This crawl's latest simhashes, by band: those the store may not hold yet.

    A look-up reads the few fingerprints within a bit of the one asked about in some band
    (the store's scheme, nearduplicates.band_probes), never the whole memory.
    """

    def __init__(self, memory: int) -> None:
        self.memory = memory
        self._order: OrderedDict[str, int] = OrderedDict()
        self._bands: defaultdict[tuple[int, int], set[str]] = defaultdict(set)

    def closest(self, key: str, simhash: int, max_bits: int) -> str | None:
        """The URL key of another recent article within `max_bits` bits, the closest one."""
        candidates = {
            other
            for band, values in enumerate(band_probes(simhash))
            for value in values
            for other in self._bands.get((band, value), ())
            if other != key
        }
        close = min(((hamming(simhash, self._order[o]), o) for o in candidates), default=None)
        return close[1] if close is not None and close[0] <= max_bits else None

    def add(self, key: str, simhash: int) -> None:
        if key in self._order:
            self._forget(key)
        self._order[key] = simhash
        for band, value in enumerate(simhash_bands(simhash)):
            self._bands[(band, value)].add(key)
        if len(self._order) > self.memory:
            self._forget(next(iter(self._order)))

    def _forget(self, key: str) -> None:
        simhash = self._order.pop(key)
        for band, value in enumerate(simhash_bands(simhash)):
            keys = self._bands[(band, value)]
            keys.discard(key)
            if not keys:
                del self._bands[(band, value)]


class DedupPipeline:
    """Marks an article (any item newscrawl.crawl.items reads as one) whose body is within N
    simhash bits of another, stored or seen in this crawl; hands it on as an Article.

    Exact duplicates (same URL key, same body on one site) are the database's job: its unique
    keys are the truth across runs and workers. Near-duplicates are kept, not dropped, with
    provenance `near_duplicate_of`, because a syndicated copy on another site is still news.
    Stored articles are found through the band indexes of the simhash (store.near_duplicates),
    the articles of concurrent items in one look-up; those not yet written, in memory.
    """

    def __init__(self, crawler: Crawler, max_bits: int, memory: int, database: Sessions) -> None:
        self.stats = crawler.stats
        self.max_bits = max_bits
        self.database = database
        self._recent = RecentFingerprints(memory)
        self._lookups: Coalescer[tuple[str, int], str] = Coalescer(self._fetch, LOOKUP_LINGER)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        max_bits = crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_BITS", 3)
        if max_bits <= 0:
            raise NotConfigured("NEWSCRAWL_NEAR_DUPLICATE_BITS is 0")
        if max_bits > EXACT_BITS:
            logger.warning(
                "NEWSCRAWL_NEAR_DUPLICATE_BITS is %d: copies are looked up by simhash bands, which "
                "find every one within %d bits but only some beyond",
                max_bits,
                EXACT_BITS,
            )
        memory = crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_MEMORY", 5000)
        return cls(crawler, max_bits, memory, sessions(crawler_engine(crawler)))

    async def process_item(self, item: Any) -> Any:
        article = as_article(item)
        if article is None or not article.simhash:
            return article or item
        assert self.stats is not None
        match = self._recent.closest(article.url_key, article.simhash, self.max_bits)
        # Remembered before the look-up awaits: a copy arriving meanwhile finds this one.
        self._recent.add(article.url_key, article.simhash)
        if match is None:
            try:
                match = await self._lookups.get((article.url_key, article.simhash))
            except StoreError as error:
                # A mark missed costs nothing but the mark: the article is stored all the same.
                self.stats.inc_value("newscrawl/near_duplicate_check_failed")
                logger.warning("Near-duplicates of %s not looked up: %s", article.url, error)
            self.stats.set_value("newscrawl/near_duplicate_lookups", self._lookups.calls)
        if match is not None:
            article.provenance["near_duplicate_of"] = match
            self.stats.inc_value("newscrawl/near_duplicates")
        return article

    def _fetch(self, wanted: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        with self.database.reading("looking up near-duplicates failed") as session:
            found = near_duplicates(session, dict(wanted), self.max_bits)
        return {(key, simhash): found[key] for key, simhash in wanted if key in found}
