"""The web pages: search, one article, crawl runs and sources with their charts, rendered on the server."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newscrawl.article import ITEM, StoredArticle
from newscrawl.runresult import run_record
from newscrawl.serve.api import ArticleId, NotFound
from newscrawl.serve.charts import articles_chart, coverage_chart
from newscrawl.serve.diff import changed
from newscrawl.serve.params import Listing, listing
from newscrawl.serve.reading import detail, find
from newscrawl.store import daily_coverage, list_runs, source_health

router = APIRouter(include_in_schema=False)

# Autoescape everywhere: every value a template prints came from a crawled page.
templates = Environment(
    loader=PackageLoader("newscrawl.serve", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
# A search snippet marks the matched words with [ and ].
_MATCH = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str) -> Markup:
    """The snippet escaped, its matched words in <mark>."""
    parts: list[str] = []
    last = 0
    for match in _MATCH.finditer(snippet):
        parts.append(str(escape(snippet[last : match.start()])))
        parts.append(f"<mark>{escape(match.group(1))}</mark>")
        last = match.end()
    parts.append(str(escape(snippet[last:])))
    return Markup("".join(parts))


def web_link(url: str | None) -> str | None:
    """The URL if a browser may follow it (http or https), else None: shown as text instead."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def when(value: date) -> str:
    """An instant to the minute in UTC; a day alone (the page gave no time) as the day."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


templates.filters["snippet"] = snippet_html
templates.filters["when"] = when
templates.globals["web_link"] = web_link
templates.globals["changed"] = changed


def render(name: str, code: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**values), status_code=code)


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, asked: Annotated[Listing, Depends(listing)]) -> HTMLResponse:
    page = find(request.app.state.engine, asked)
    query = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    following = f"?{urlencode({**query, 'cursor': page.next})}" if page.next else None
    return render("search.html", asked=asked, values=query, page=page, following=following)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId) -> HTMLResponse:
    found = detail(request.app.state.engine, article_id)
    if found is None:
        raise NotFound(f"no stored article has id {article_id}")
    return render("article.html", detail=found, article=found.article, sections=body_sections(found.article))


def body_sections(article: StoredArticle) -> list[tuple[str, list[str]]]:
    """The body's blocks by kind, the items of one list together."""
    sections: list[tuple[str, list[str]]] = []
    for kind, text in article.blocks:
        if kind == ITEM and sections and sections[-1][0] == ITEM:
            sections[-1][1].append(text)
        else:
            sections.append((kind, [text]))
    return sections


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    return render("runs.html", runs=[run_record(r) for r in list_runs(request.app.state.engine, 200)])


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    engine = request.app.state.engine
    sources = []
    for health in source_health(engine):
        days = daily_coverage(engine, health.site)
        sources.append(
            {
                "health": health,
                "articles_chart": articles_chart(health.site, days),
                "coverage_chart": coverage_chart(health.site, days),
            }
        )
    return render("sources.html", sources=sources)
