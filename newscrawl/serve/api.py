"""The JSON API's routes: /api/articles, /api/articles/{id}, /api/runs, /api/sources."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from newscrawl.serve.params import MAX_ROW_ID, BadInput, Listing, listing
from newscrawl.serve.reading import detail, find
from newscrawl.serve.records import coverage_json, detail_json, found_json, run_json, source_json
from newscrawl.serve.schemas import ERRORS, ArticleDetail, Articles, Coverage, Error, Runs, Sources
from newscrawl.store import daily_coverage, list_runs, source_health

router = APIRouter(prefix="/api", tags=["api"])

ArticleId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


def answers(model: type) -> dict[int | str, dict[str, Any]]:
    """The route's answers for the OpenAPI description: `model` when it succeeds, the errors."""
    return {200: {"model": model, "description": "the answer"}, **ERRORS}


class NotFound(LookupError):
    """A 404 with the message."""


@router.get("/articles", summary="Search or list articles", response_model=None, responses=answers(Articles))
def articles(request: Request, asked: Annotated[Listing, Depends(listing)]) -> dict[str, Any]:
    """Articles matching the filters, newest first; with `q`, search hits best first, each
    with a `snippet`. `next` is the cursor of the next page (null on the last): pass it back
    as `cursor` with the same query and filters."""
    page = find(request.app.state.engine, asked)
    return {"articles": [found_json(f) for f in page.items], "next": page.next}


@router.get(
    "/articles/{article_id}",
    summary="One article with its versions and copies",
    response_model=None,
    responses={**answers(ArticleDetail), 404: {"model": Error, "description": "no article has this id"}},
)
def article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    """The article with its aliases, images (caption, credit), revisions and near-duplicates."""
    found = detail(request.app.state.engine, article_id)
    if found is None:
        raise NotFound(f"no stored article has id {article_id}")
    return detail_json(found)


@router.get("/runs", summary="Crawl runs, newest first", response_model=None, responses=answers(Runs))
def runs(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict[str, Any]:
    return {"runs": [run_json(r) for r in list_runs(request.app.state.engine, limit)]}


@router.get(
    "/sources",
    summary="Each site's field coverage and its drops",
    response_model=None,
    responses=answers(Sources),
)
def sources(request: Request) -> dict[str, Any]:
    """Per site: its articles, its latest day, the share of each field then and in its
    baseline, and the fields whose share dropped (a changed template)."""
    return {"sources": [source_json(h) for h in source_health(request.app.state.engine)]}


@router.get(
    "/sources/{site}/coverage",
    summary="One site's articles and field shares per day",
    response_model=None,
    responses=answers(Coverage),
)
def coverage(
    request: Request,
    site: Annotated[str, Path(max_length=255)],
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> dict[str, Any]:
    if any(not c.isprintable() for c in site):
        raise BadInput("site contains control characters")
    return coverage_json(site, daily_coverage(request.app.state.engine, site, days=days))
