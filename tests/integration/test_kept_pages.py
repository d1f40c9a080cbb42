"""Pages kept by a real crawl, byte for byte, and `newscrawl reextract` over them."""

from __future__ import annotations

import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from newscrawl import exitcodes
from newscrawl.cli.reextract import BATCH
from newscrawl.distributed.queue import SharedQueue
from newscrawl.keptpage import page_bytes
from newscrawl.siteserver import SiteServer
from newscrawl.store import open_engine
from newscrawl.store.models import ArticleRow, ExtractionChangeRow, PageRow, RevisionRow
from tests.cli import run_newscrawl as run
from tests.cli import start_newscrawl
from tests.sitegen import build_site, write_article, write_sitemap
from tests.usage import assert_one_line
from tests.workerruns import enqueue, finish, start_worker, wait_until

STORIES = 4
SOURCES = """[[source]]
name = "local"
sitemaps = ["{base}/sitemap.xml"]
"""


def _crawl(server: SiteServer, db: str, *args: str) -> None:
    done = run("crawl", server.url + "/sitemap.xml", "--db", db, *args)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]


def _reextract(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run("reextract", "--db", db, *args)


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    build_site(root, STORIES)
    return root


def test_a_crawl_keeps_every_articles_page_as_served(site_root: Path, database_url: str) -> None:
    with SiteServer(site_root) as server:
        _crawl(server, database_url)
        engine = open_engine(database_url)
        with Session(engine) as session:
            pages = session.execute(select(PageRow, ArticleRow.url).join(ArticleRow)).all()
            assert len(pages) == STORIES
            for page, url in pages:
                with urllib.request.urlopen(url) as response:
                    served = response.read()
                assert page.url == url and page.version == 1
                assert page_bytes(page.data, page.compression) == served
                assert page.raw_size == len(served) > len(page.data)
                assert page.content_type is not None and page.content_type.startswith("text/html")
    engine.dispose()


@pytest.mark.redis
def test_a_distributed_worker_keeps_pages_too(
    site_root: Path, redis_url: str, queue: SharedQueue, sqlite_url: str
) -> None:
    with SiteServer(site_root) as server:
        enqueue(redis_url, queue.prefix, server.url + "/sitemap.xml")
        worker = start_worker(redis_url, queue.prefix, sqlite_url, "--until-idle", "2")
        output = finish(worker, timeout=180)
    assert worker.returncode == 0, output[-3000:]
    engine = open_engine(sqlite_url)
    assert (_count(engine, ArticleRow), _count(engine, PageRow)) == (STORIES, STORIES)
    engine.dispose()


def test_with_keep_html_off_no_page_is_kept_and_reextract_skips_them(
    site_root: Path, sqlite_url: str
) -> None:
    with SiteServer(site_root) as server:
        _crawl(server, sqlite_url, "-s", "NEWSCRAWL_KEEP_HTML=false")
    engine = open_engine(sqlite_url)
    assert (_count(engine, ArticleRow), _count(engine, PageRow)) == (STORIES, 0)
    engine.dispose()
    done = _reextract(sqlite_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "0 pages read: 0 changed (0 articles), 0 unchanged, 0 failed; "
        f"{STORIES} articles skipped (no kept page)"
    )


def test_reextract_restores_what_an_older_extractor_got_wrong(site_root: Path, database_url: str) -> None:
    with SiteServer(site_root) as server:
        _crawl(server, database_url)
    engine = open_engine(database_url)
    with Session(engine) as session, session.begin():
        article = session.scalars(select(ArticleRow).order_by(ArticleRow.id).limit(1)).one()
        right = (article.id, article.headline, list(article.authors), article.body)
        # What an older extractor might have made of the page: a wrong headline, no authors.
        session.execute(
            update(ArticleRow).where(ArticleRow.id == right[0]).values(headline="Menu", authors=[])
        )
    revisions = _count(engine, RevisionRow)

    done = _reextract(database_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"{STORIES} pages read: 1 changed (1 articles), {STORIES - 1} unchanged, 0 failed; "
        "0 articles skipped (no kept page)"
    )
    with Session(engine) as session:
        restored = session.get(ArticleRow, right[0])
        assert restored is not None
        assert (restored.id, restored.headline, restored.authors, restored.body) == right
        change = session.scalars(select(ExtractionChangeRow)).one()
        assert (change.article_id, change.version) == (right[0], 1)
        assert change.before == {"headline": "Menu", "authors": []}
    # The publisher changed nothing: no new version.
    assert _count(engine, RevisionRow) == revisions

    again = _reextract(database_url)
    assert again.stdout.startswith(f"{STORIES} pages read: 0 changed (0 articles), {STORIES} unchanged")
    assert _count(engine, ExtractionChangeRow) == 1
    engine.dispose()


def test_each_version_keeps_its_page_and_an_older_one_is_extracted_into_its_revision(
    tmp_path: Path, site_root: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'news.db'}"
    sources = tmp_path / "sources.toml"
    paths = [f"/{p.relative_to(site_root)}" for p in sorted(site_root.rglob("*.html"))]
    with SiteServer(site_root) as server:
        sources.write_text(SOURCES.format(base=server.url))
        write_sitemap(site_root, paths, dict.fromkeys(paths, "2024-04-01T10:00:00Z"))
        assert run("run", "--sources", str(sources), "--db", db).returncode == 0
        edited = write_article(site_root, 0, edition=1)
        write_sitemap(
            site_root, paths, {**dict.fromkeys(paths, "2024-04-01T10:00:00Z"), edited: "2024-04-02T10:00:00Z"}
        )
        second = run("run", "--sources", str(sources), "--db", db)
        assert "1 revised" in second.stdout, second.stdout + second.stderr[-2000:]
    engine = open_engine(db)
    with Session(engine) as session:
        article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.url.endswith(edited)))
        kept = session.execute(select(PageRow.version, PageRow.data).where(PageRow.article_id == article_id))
        pages = {version: page_bytes(data, "zlib") for version, data in kept}
    assert sorted(pages) == [1, 2]
    assert b"edition 0" in pages[1] and b"edition 1" in pages[2]

    # An older extractor's mistake in the first version only: its revision row is mended,
    # and the article (the newest version) is left as it is.
    with Session(engine) as session, session.begin():
        old = session.scalars(
            select(RevisionRow).where(RevisionRow.article_id == article_id, RevisionRow.version == 1)
        ).one()
        right = old.headline
        old.headline = "Menu"
    done = _reextract(db)
    assert done.stdout.startswith(f"{STORIES + 1} pages read: 1 changed (1 articles)"), (
        done.stdout + done.stderr
    )
    with Session(engine) as session:
        versions = session.scalars(
            select(RevisionRow).where(RevisionRow.article_id == article_id).order_by(RevisionRow.version)
        ).all()
        assert (versions[0].headline, len(versions)) == (right, 2)
        change = session.scalars(select(ExtractionChangeRow)).one()
        assert (change.version, change.before) == (1, {"headline": "Menu"})
    engine.dispose()


def test_reextract_reads_only_the_chosen_pages(site_root: Path, database_url: str) -> None:
    with SiteServer(site_root) as server:
        _crawl(server, database_url)
        site = server.url.removeprefix("http://")
    engine = open_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET headline = 'Menu'"))
    engine.dispose()
    none = "0 pages read: 0 changed (0 articles), 0 unchanged, 0 failed; 0 articles skipped"
    assert _reextract(database_url, "--since", "2999-01-01").stdout.startswith(none)
    assert _reextract(database_url, "--until", "2000-01-01").stdout.startswith(none)
    chosen = _reextract(database_url, "--site", site, "--since", "2000-01-01", "--until", "2999-01-01")
    assert chosen.stdout.startswith(f"{STORIES} pages read: {STORIES} changed ({STORIES} articles)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "elsewhere.example"], "no stored articles of site 'elsewhere.example'"),
        (["--since", "last week"], "not a date"),
        (["--until", "2024-13-01"], "not a date"),
    ],
)
def test_reextract_mistakes_are_one_line(sqlite_url: str, args: list[str], message: str) -> None:
    open_engine(sqlite_url).dispose()
    assert_one_line(_reextract(sqlite_url, *args), message)


def test_reextract_without_a_store_is_one_line(tmp_path: Path) -> None:
    done = _reextract(f"sqlite:///{tmp_path / 'none.db'}")
    assert_one_line(done, "no database at")
    assert done.returncode == exitcodes.USAGE


def test_a_stopped_reextract_keeps_the_batches_it_wrote(tmp_path: Path) -> None:
    root = tmp_path / "big"
    build_site(root, 4 * BATCH)
    db = f"sqlite:///{tmp_path / 'news.db'}"
    with SiteServer(root) as server:
        _crawl(server, db)
    engine = open_engine(db)
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET headline = 'Menu'"))

    def changes() -> int:
        try:
            return _count(engine, ExtractionChangeRow)
        except OperationalError:  # locked by the batch being written
            return 0

    process = start_newscrawl("reextract", "--db", db)
    try:
        wait_until(lambda: changes() > 0 or process.poll() is not None, timeout=120)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == exitcodes.STOPPED, output
    written = changes()
    assert 0 < written < 4 * BATCH and written % BATCH == 0  # whole batches, and not all of them
    assert f"stopped; kept what was written: {written} pages read: {written} changed" in output
    with Session(engine) as session:
        menus = session.scalar(select(func.count()).where(ArticleRow.headline == "Menu"))
    assert menus == 4 * BATCH - written
    engine.dispose()
