"""The web pages end to end in Debian's headless Chromium, driven by Playwright, against a served store.

Screenshots of the search page, an article page and the sources page are saved to $NEWSCRAWL_SCREENSHOT_DIR,
or tests/artifacts/ (git ignores it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import REQUIRE_SERVICES, ROOT
from tests.servestore import HOSTILE_TAGS, Filled, fill
from tests.serving import serving

CHROMIUM = "/usr/bin/chromium"
# What this machine's Chromium needs: no sandbox (root in a container), no GPU, and nothing
# that reaches for the network on its own (there is none).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("NEWSCRAWL_SCREENSHOT_DIR") or ROOT / "tests" / "artifacts")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if executable is None:
        message = "Chromium is not installed (.ci/run installs Debian's chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"{message} and NEWSCRAWL_REQUIRE_SERVICES=1")
        pytest.skip(message)
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (user data dir) of its own.
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Filled]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browse') / 'news.db'}"
    filled = fill(url)
    with serving(url) as base:
        yield base, filled


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # The CSP reports what it blocks as console errors: none means the pages need nothing it
    # forbids (the style sheet, the inline SVG charts), and no markup of a stored page got in.
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert dialogs == [], "a script of a stored page ran"
    assert errors == []


def test_search_open_an_article_see_caption_credit_and_revision_diff(
    site: tuple[str, Filled], page: Page
) -> None:
    base, filled = site
    page.goto(base + "/")
    page.fill("#q", "lighthouse")
    page.fill("input[name=site]", "gazette.example")
    page.click("button[type=submit]")
    results = page.locator("li.result")
    expect(results).to_have_count(1)
    expect(results.first.locator(".site")).to_have_text("gazette.example")
    expect(results.first.locator(".snippet mark").first).to_have_text("lighthouse")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

    page.click("text=Old lighthouse on Gull Point to be restored")
    expect(page).to_have_url(f"{base}/articles/{filled.lighthouse}")
    expect(page.locator("figure.lead .caption")).to_have_text(
        "The lighthouse on Gull Point at dusk on Monday."
    )
    expect(page.locator("figure.lead .credit")).to_have_text("Credit: Tom Ridley/Gazette")
    expect(page.locator("ul.tags li")).to_have_text(["Lighthouse", "Gull Point", "Heritage"])
    expect(page.locator(".authors")).to_have_text("Maren Holt")
    diff = page.locator(".body-diff")
    expect(diff).to_be_visible()
    deleted = " ".join(diff.locator("del").all_inner_texts())
    inserted = " ".join(diff.locator("ins").all_inner_texts())
    assert "1.2" in deleted and "1.5" not in deleted
    assert "1.5" in inserted and "after a survey of the rock" in inserted
    assert "A public meeting about the plans" in inserted
    # The rest of the text is there, unmarked.
    expect(diff).to_contain_text("most of it paid by a heritage fund")
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)


def test_a_page_of_results_leads_to_the_next(site: tuple[str, Filled], page: Page) -> None:
    base, _ = site
    page.goto(base + "/?q=harbour&section=coast&limit=3")
    first = page.locator("li.result .headline").all_inner_texts()
    page.click("a[rel=next]")
    second = page.locator("li.result .headline").all_inner_texts()
    assert len(first) == 3 and second and not set(first) & set(second)
    # The filters stay as they were asked.
    expect(page.locator("#q")).to_have_value("harbour")
    expect(page.locator("input[name=section]")).to_have_value("coast")


def test_the_hostile_article_renders_as_text(site: tuple[str, Filled], page: Page) -> None:
    base, filled = site
    page.goto(f"{base}/articles/{filled.hostile}")
    expect(page.locator("h1")).to_have_text("Council <script>window.pwned=1</script> reviews harbour fees")
    expect(page.locator("ul.tags li")).to_have_text(HOSTILE_TAGS)
    expect(page.locator(".body")).to_contain_text('onclick="window.pwned=9"')
    expect(page.locator("figure.lead .caption")).to_contain_text("<img src=x onerror=window.pwned=5>")
    expect(page.locator(".authors")).to_have_text("Ivo <svg onload=window.pwned=4> Marsh")
    # Hover and click where the handlers would be, had they become markup.
    page.locator(".credit").hover()
    page.locator(".body p").nth(1).click()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("article script, article img, article svg").count() == 0
    page.goto(f"{base}/?q=fees")
    expect(page.locator("li.result .headline").first).to_have_text(
        "Council <script>window.pwned=1</script> reviews harbour fees"
    )
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_sources_show_their_health_charts_and_runs_their_history(
    site: tuple[str, Filled], page: Page
) -> None:
    base, _ = site
    page.goto(base + "/sources")
    chart = page.locator("svg.chart", has=page.locator("title", has_text="Articles per day, gazette.example"))
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() >= 5
    coverage = page.locator("svg.chart").filter(
        has=page.locator("title", has_text="Share of articles with each field per day, gazette.example")
    )
    expect(coverage).to_be_visible()
    expect(coverage.locator("text", has_text="body over 500 characters")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sources.png"), full_page=True)
    page.goto(base + "/runs")
    expect(page.locator("table.runs tbody tr")).to_have_count(2)
    expect(page.locator("table.runs tbody tr").last).to_contain_text("finished")
