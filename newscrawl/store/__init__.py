"""Storage: articles and crawl runs in SQLite or PostgreSQL through SQLAlchemy."""

from newscrawl.store.db import database_url, open_engine
from newscrawl.store.errors import StoreError
from newscrawl.store.listings import listing_validators, save_listing_validators
from newscrawl.store.queries import SearchHit, get_article, list_articles, search
from newscrawl.store.revisions import Revision, list_revisions
from newscrawl.store.runs import CrawlRun, finish_run, latest_run, list_runs, start_run
from newscrawl.store.schedule import SourceState, articles_per_day, load_states, save_state
from newscrawl.store.writer import ArticleWriter, FetchState, Outcome, SaveResult

__all__ = [
    "ArticleWriter",
    "CrawlRun",
    "FetchState",
    "Outcome",
    "Revision",
    "SaveResult",
    "SearchHit",
    "SourceState",
    "StoreError",
    "articles_per_day",
    "database_url",
    "finish_run",
    "get_article",
    "latest_run",
    "list_articles",
    "list_revisions",
    "list_runs",
    "listing_validators",
    "load_states",
    "open_engine",
    "save_listing_validators",
    "save_state",
    "search",
    "start_run",
]
