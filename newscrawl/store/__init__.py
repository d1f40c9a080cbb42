"""Storage: articles and crawl runs in SQLite or PostgreSQL through SQLAlchemy."""

from newscrawl.store.db import database_url, open_engine
from newscrawl.store.errors import StoreError
from newscrawl.store.queries import SearchHit, get_article, list_articles, search
from newscrawl.store.runs import CrawlRun, finish_run, list_runs, start_run
from newscrawl.store.writer import ArticleWriter, Outcome, SaveResult

__all__ = [
    "ArticleWriter",
    "CrawlRun",
    "Outcome",
    "SaveResult",
    "SearchHit",
    "StoreError",
    "database_url",
    "finish_run",
    "get_article",
    "list_articles",
    "list_runs",
    "open_engine",
    "search",
    "start_run",
]
