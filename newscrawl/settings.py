"""Scrapy settings for newscrawl; the only module that reads environment variables.

`newscrawl crawl` and `scrapy crawl` both load this module, so the two run the same way.
Each value that departs from Scrapy's default says why.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- where things go -----------------------------------------------------------------------
NEWSCRAWL_DATABASE_URL = os.environ.get("NEWSCRAWL_DATABASE_URL", "sqlite:///newscrawl.db")
NEWSCRAWL_REDIS_URL = os.environ.get("NEWSCRAWL_REDIS_URL", "")
# Workers, enqueue and queue share the Redis keys under this prefix: one prefix, one crawl.
NEWSCRAWL_REDIS_PREFIX = os.environ.get("NEWSCRAWL_REDIS_PREFIX", "newscrawl")
# A worker whose heartbeat is this many seconds old is dead: its requests go back to the queue.
NEWSCRAWL_WORKER_TTL = 15.0
# A worker exits once the shared queue was idle this many seconds (`--until-idle`; 0: never).
NEWSCRAWL_WORKER_UNTIL_IDLE = 0.0

# --- politeness ----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"
# Several requests per site at once, AutoThrottle keeps them polite: a fixed one-request,
# one-second template would make a 300-page site take five minutes and every measurement
# meaningless, while AutoThrottle backs off as soon as a server slows down.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.1
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
# DOWNLOAD_TIMEOUT bounds a download's whole time, not its idle time: a server trickling a
# byte a second costs at most this, per try.
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# A 429 or 503 is retried no sooner than its Retry-After asks; past this many seconds, not in
# this crawl (see newscrawl/crawl/retryafter.py).
NEWSCRAWL_RETRY_AFTER_MAX = 60
# robots.txt Crawl-delay is obeyed up to this many seconds between requests to a host.
NEWSCRAWL_MAX_CRAWL_DELAY = 60
# Twenty megabytes is larger than any article; bigger bodies are hostile or broken. It bounds
# the decompressed size too (HttpCompressionMiddleware stops a gzip bomb at it).
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

# --- throughput ----------------------------------------------------------------------------
# Items are few per response (one article at most); Scrapy's default of 100 parallel items
# per response only costs CPU in its scraper loop.
CONCURRENT_ITEMS = 16
# Extraction runs in a process pool of this many workers (0 = one per CPU core).
NEWSCRAWL_EXTRACT_WORKERS = 0
# Seconds one page may take to extract before it is counted as an error.
NEWSCRAWL_EXTRACT_TIMEOUT = 60.0
# Rows are written in transactions of this many articles, or at least this often.
NEWSCRAWL_STORE_BATCH_SIZE = 50
NEWSCRAWL_STORE_FLUSH_SECONDS = 1.0
# A failing database is retried with growing pauses; at the end of a crawl this many more
# times, then what still cannot be written goes to a spill file in NEWSCRAWL_SPILL_DIR
# (load it with `newscrawl import`). Past NEWSCRAWL_STORE_MAX_PENDING articles waiting for
# the database, the oldest are spilled early, so a long outage cannot fill the memory.
NEWSCRAWL_STORE_RETRIES = 5
NEWSCRAWL_SPILL_DIR = os.environ.get("NEWSCRAWL_SPILL_DIR", ".")
NEWSCRAWL_STORE_MAX_PENDING = 2000
# Each article version's page is stored as it was served (zlib-compressed, about a fifth of
# its size), for `newscrawl reextract` to extract again without downloading; False keeps none.
NEWSCRAWL_KEEP_HTML = True

# --- discovery -----------------------------------------------------------------------------
# How far links are followed from a home page that offers no feed or sitemap
# (`--depth`). Scrapy's own DEPTH_LIMIT stays off: robots.txt -> sitemap index -> sitemap
# -> article is already four levels deep.
NEWSCRAWL_LINK_DEPTH = 2
# At most this many pages downloaded, in-flight ones counted (`--max-pages`; 0: no limit).
NEWSCRAWL_MAX_PAGES = 0
DEPTH_LIMIT = 0
# Listing entries wait in this process's memory and go to the scheduler in chunks; False
# releases them at once (`newscrawl worker` does: its shared queue holds them).
NEWSCRAWL_BACKLOG = True
# Non-article hosts a home page links to are never followed.
NEWSCRAWL_FOLLOW_OFFSITE = False

# --- incremental crawling ---------------------------------------------------------------
# Stored articles are fetched again when their feed/sitemap date moved, or while younger than
# NEWSCRAWL_REVISIT_WITHIN seconds (0: never), at most NEWSCRAWL_MAX_REVISITS times, no sooner
# than NEWSCRAWL_REVISIT_AFTER seconds after the last fetch. A source's interval sets the last.
NEWSCRAWL_REVISIT_WITHIN = 0
NEWSCRAWL_MAX_REVISITS = 3
NEWSCRAWL_REVISIT_AFTER = 3600
# Feed and sitemap entries older than this many seconds are not downloaded (0: no limit).
NEWSCRAWL_MAX_AGE = 0
# Feeds and sitemaps are requested with If-None-Match / If-Modified-Since.
NEWSCRAWL_CONDITIONAL_LISTINGS = True
# The sources file of `newscrawl run` and `newscrawl schedule`.
NEWSCRAWL_SOURCES = os.environ.get("NEWSCRAWL_SOURCES", "sources.toml")
# Each crawl that `run` or `schedule` starts writes all its output to a file of its own,
# <source>-<UTC start time>.log, in this folder; empty: `newscrawl-logs` beside the sources
# file, so that cron's or systemd's working directory does not decide where logs go.
NEWSCRAWL_LOG_DIR = os.environ.get("NEWSCRAWL_LOG_DIR", "")
# Of each source's logs, the newest NEWSCRAWL_LOG_KEEP are kept, and none older than
# NEWSCRAWL_LOG_MAX_AGE seconds (0 turns either limit off).
NEWSCRAWL_LOG_KEEP = 20
NEWSCRAWL_LOG_MAX_AGE = 30 * 86400

# --- components ----------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # First of all, before robots.txt is even asked: only http(s) URLs may go out.
    "newscrawl.crawl.schemes.HttpOnlyMiddleware": 10,
    "newscrawl.crawl.seen.SeenUrlsMiddleware": 50,
    "newscrawl.crawl.conditional.ConditionalListingMiddleware": 60,
    # Sees what robots.txt (100) forbids: a refusal, not a failed download.
    "newscrawl.crawl.robotsrefused.RobotsRefusals": 110,
    # After robots.txt (100) is read: its Crawl-delay spaces the host's requests.
    "newscrawl.crawl.crawldelay.CrawlDelay": 120,
    # Below RetryMiddleware (550): only failures that no retry is left for.
    "newscrawl.crawl.failures.DownloadFailures": 540,
    # Above RetryMiddleware (550), so that a 429 or 503 waits for its Retry-After.
    "newscrawl.crawl.retryafter.RetryAfter": 560,
    # Above RedirectMiddleware (600), which would hand a loop to the duplicate filter.
    "newscrawl.crawl.redirectloop.RedirectLoops": 605,
    # Redirect targets, where Scrapy's middlewares would follow them: a Location above its
    # RedirectMiddleware (600), a meta refresh between HttpCompression (590) and MetaRefresh (580).
    "newscrawl.crawl.schemes.HttpOnlyRedirects": 610,
    "newscrawl.crawl.schemes.HttpOnlyMetaRefresh": 585,
    # Last before the downloader, so that what they let through is what goes out.
    "newscrawl.crawl.pagelimit.PageLimit": 980,
    "newscrawl.crawl.stopping.PromptStop": 990,
}
# Scrapy would read file:, data:, s3: and ftp: URLs that a hostile sitemap, feed or redirect
# names; without their handlers it cannot, even with HttpOnlyMiddleware taken out.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
ITEM_PIPELINES = {
    "newscrawl.crawl.validate.ValidatePipeline": 100,
    "newscrawl.crawl.dedup.DedupPipeline": 200,
    "newscrawl.crawl.store.StorePipeline": 300,
}
EXTENSIONS = {
    "newscrawl.crawl.runrecord.CrawlRunRecorder": 100,
    "newscrawl.crawl.progress.Progress": 500,
    "newscrawl.crawl.quietlog.OneLineNetworkErrors": 0,
}
# The telnet console and the remote control are switched off below, but Scrapy imports every
# extension it lists, even one set to None in EXTENSIONS (to compare class paths), and those
# two import twisted.conch and aiohttp, which the first request would wait for. Only leaving
# them out of the base list keeps them unloaded.
EXTENSIONS_BASE = {
    path: order
    for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if path
    not in {"scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl"}
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("NEWSCRAWL_LOG_LEVEL", "INFO")
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens an HTTP control port by default; a crawler should not listen on one.
REMOTE_CONTROL_ENABLED = False
