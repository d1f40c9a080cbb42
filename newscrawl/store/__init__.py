"""Storage: articles and crawl runs in SQLite or PostgreSQL through SQLAlchemy."""

from newscrawl.store.cursors import BadCursor, ListCursor, SearchCursor, list_cursor, search_cursor
from newscrawl.store.db import database_url, open_engine
from newscrawl.store.errors import SearchTimedOut, StoreError, database_reason
from newscrawl.store.export import EXPORT_BATCH, stream_articles
from newscrawl.store.filters import NO_FILTERS, ArticleFilters, filter_time
from newscrawl.store.health import (
    HEALTH_FIELDS,
    DayCoverage,
    FieldDrop,
    SourceHealth,
    daily_coverage,
    source_health,
)
from newscrawl.store.leases import release_lease, renew_leases, take_lease
from newscrawl.store.listings import listing_validators, save_listing_validators
from newscrawl.store.lookup import fetch_states
from newscrawl.store.nearduplicates import band_probes, near_duplicates, simhash_bands
from newscrawl.store.queries import (
    ArticlePage,
    SearchHit,
    SearchPage,
    article_page,
    get_article,
    list_articles,
    search,
)
from newscrawl.store.readonly import open_readonly
from newscrawl.store.revisions import Revision, list_revisions
from newscrawl.store.runhealth import run_drops, source_sites
from newscrawl.store.runs import (
    DIED,
    KILLED,
    CrawlRun,
    add_died_run,
    close_dead_runs,
    finish_run,
    last_runs,
    latest_run,
    list_runs,
    record_exit,
    run_with_log,
    start_run,
)
from newscrawl.store.saving import save_articles
from newscrawl.store.schedule import SourceState, articles_per_day, load_states, save_state
from newscrawl.store.searchquery import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_TERMS,
    MAX_SEARCH_TIMEOUT_SECONDS,
    SEARCH_TIMEOUT_SECONDS,
    SearchRefused,
)
from newscrawl.store.sessions import Sessions, sessions
from newscrawl.store.stories import NearDuplicate, Story, list_stories, near_duplicates_of
from newscrawl.store.writer import ArticleWriter, FetchState, Outcome, SaveResult

__all__ = [
    "DIED",
    "EXPORT_BATCH",
    "HEALTH_FIELDS",
    "KILLED",
    "MAX_SEARCH_LENGTH",
    "MAX_SEARCH_TERMS",
    "MAX_SEARCH_TIMEOUT_SECONDS",
    "NO_FILTERS",
    "SEARCH_TIMEOUT_SECONDS",
    "ArticleFilters",
    "ArticlePage",
    "ArticleWriter",
    "BadCursor",
    "CrawlRun",
    "DayCoverage",
    "FetchState",
    "FieldDrop",
    "ListCursor",
    "NearDuplicate",
    "Outcome",
    "Revision",
    "SaveResult",
    "SearchCursor",
    "SearchHit",
    "SearchPage",
    "SearchRefused",
    "SearchTimedOut",
    "Sessions",
    "SourceHealth",
    "SourceState",
    "StoreError",
    "Story",
    "add_died_run",
    "article_page",
    "articles_per_day",
    "band_probes",
    "close_dead_runs",
    "daily_coverage",
    "database_reason",
    "database_url",
    "fetch_states",
    "filter_time",
    "finish_run",
    "get_article",
    "last_runs",
    "latest_run",
    "list_articles",
    "list_cursor",
    "list_revisions",
    "list_runs",
    "list_stories",
    "listing_validators",
    "load_states",
    "near_duplicates",
    "near_duplicates_of",
    "open_engine",
    "open_readonly",
    "record_exit",
    "release_lease",
    "renew_leases",
    "run_drops",
    "run_with_log",
    "save_articles",
    "save_listing_validators",
    "save_state",
    "search",
    "search_cursor",
    "sessions",
    "simhash_bands",
    "source_health",
    "source_sites",
    "start_run",
    "stream_articles",
    "take_lease",
]
