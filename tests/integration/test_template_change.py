"""A site whose template changes between two real crawls: the second run, which stores its
articles without dates or captions, ends with a warning per field, and `sources` flags it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from newscrawl.siteserver import SiteServer
from newscrawl.store import open_engine
from newscrawl.store.health import MIN_BASELINE_ARTICLES, MIN_DAY_ARTICLES
from newscrawl.store.models import ArticleRow
from tests.cli import run_newscrawl as run
from tests.crawls import sources_file
from tests.sitegen import build_site, write_article, write_sitemap

SOURCE = 'sitemaps = ["{base}/sitemap.xml"]\ninterval = "15m"'


def _redesign(root: Path, numbers: range) -> list[str]:
    """The site's new template: no publication date in the page or its address, and the
    picture without its caption or alt text; the sitemap lists only these articles."""
    paths = []
    for number in numbers:
        old = root / write_article(root, number).lstrip("/")
        page = old.read_text(encoding="utf-8")
        old.unlink()
        page = re.sub(r'<meta itemprop="datePublished"[^>]*>', "", page)
        page = re.sub(r"<figcaption>.*?</figcaption>", "", page, flags=re.DOTALL).replace(
            ' alt="', ' data-alt="'
        )
        path = f"/stories/story-number-{number}.html"
        (root / "stories").mkdir(exist_ok=True)
        (root / path.lstrip("/")).write_text(page, encoding="utf-8")
        paths.append(path)
    write_sitemap(root, paths)
    return paths


# The second run by `crawl` into SQLite, and by `run` into PostgreSQL.
@pytest.mark.parametrize(("second_command", "database"), [("crawl", "sqlite_url"), ("run", "postgres_url")])
def test_the_run_that_lost_dates_and_captions_warns(
    tmp_path: Path, second_command: str, database: str, request: pytest.FixtureRequest
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    build_site(root, MIN_BASELINE_ARTICLES)
    db = str(request.getfixturevalue(database))
    with SiteServer(root) as server:
        sources = sources_file(tmp_path / "sources.toml", {"local": SOURCE.format(base=server.url)})
        first = run("crawl", "--source", "local", "--sources", str(sources), "--db", db)
        assert first.returncode == 0, first.stdout + first.stderr
        assert f"articles stored:     {MIN_BASELINE_ARTICLES}" in first.stdout
        assert "warning" not in first.stdout + first.stderr
        before = run("sources", "--sources", str(sources), "--db", db, "--format", "json")
        assert [(r["health"], r["drops"]) for r in json.loads(before.stdout)] == [
            ("too few articles to judge", [])
        ]

        # The first run's articles become yesterday's: the baseline the second run is judged by.
        engine = open_engine(db)
        with engine.begin() as connection:
            connection.execute(update(ArticleRow).values(first_seen=datetime.now(UTC) - timedelta(days=1)))
        engine.dispose()
        _redesign(root, range(1000, 1000 + MIN_DAY_ARTICLES))
        if second_command == "crawl":
            second = run("crawl", "--source", "local", "--sources", str(sources), "--db", db)
        else:
            second = run("run", "--sources", str(sources), "--db", db)
        site = server.url.removeprefix("http://")
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"{MIN_DAY_ARTICLES} new" in second.stdout or f"stored:     {MIN_DAY_ARTICLES}" in second.stdout
    warnings = [line for line in second.stdout.splitlines() if "warning" in line]
    # The port is part of the site's name here, as for any site on a port of its own.
    assert warnings == [
        f"warning: {site}: dates on 0% of today's articles (baseline 100%)",
        f"warning: {site}: captions on 0% of today's articles (baseline 100%)",
    ]

    table = run("sources", "--sources", str(sources), "--db", db)
    assert table.returncode == 0, table.stderr
    # The table's last column is cut to the terminal's width: the flag comes first.
    [header, local] = table.stdout.splitlines()
    assert header.split()[-1] == "HEALTH" and "DROP: dates 100%->0%" in local
    listed = run("sources", "--sources", str(sources), "--db", db, "--format", "json")
    [row] = json.loads(listed.stdout)
    assert row["health"] == "DROP: dates 100%->0%, captions 100%->0%"
    assert [(d["site"], d["field"], d["baseline"], d["current"]) for d in row["drops"]] == [
        (site, "date", 1.0, 0.0),
        (site, "caption", 1.0, 0.0),
    ]
