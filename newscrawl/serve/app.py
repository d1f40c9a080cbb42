"""The ASGI application: the API and page routes over one read-only engine, with their errors."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from newscrawl import __version__
from newscrawl.serve import api, pages
from newscrawl.serve.params import BadInput
from newscrawl.serve.security import LoopbackHosts, SecurityHeaders
from newscrawl.store import SearchTimedOut, StoreError, database_reason

if TYPE_CHECKING:
    from sqlalchemy import Engine

# FastAPI's default: the API's description, as JSON.
OPENAPI_PATH = "/openapi.json"


def create_app(engine: Engine, *, loopback: bool = True) -> FastAPI:
    """The server's application over `engine`, which should be open_readonly's; with
    `loopback` (a server listening on loopback only) it answers only requests addressed to
    this machine's names."""
    app = FastAPI(
        title="newscrawl",
        version=__version__,
        description="Read-only access to a newscrawl store: articles, crawl runs and sources' health.",
        openapi_url=OPENAPI_PATH,
        # The interactive docs load their script from a CDN, which the CSP (and no internet) forbid.
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.include_router(api.router)
    app.include_router(pages.router)
    static = resources.files("newscrawl.serve") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_exception_handler(BadInput, _bad_input)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(api.NotFound, _not_found)
    app.add_exception_handler(SearchTimedOut, _unavailable)
    app.add_exception_handler(StoreError, _unavailable)
    app.add_exception_handler(SQLAlchemyError, _database_failed)
    if loopback:
        app.add_middleware(LoopbackHosts)
    # Added last, so outermost: the refusals of LoopbackHosts carry the headers too.
    app.add_middleware(SecurityHeaders)
    return app


def _answer(request: Request, status: int, title: str, message: str) -> Response:
    """JSON for the API, a page for a browser."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return pages.render("error.html", status, status=status, title=title, message=message)


async def _bad_input(request: Request, error: Exception) -> Response:
    return _answer(request, 400, "Bad request", str(error))


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
        for e in error.errors()
    )
    return _answer(request, 422, "Bad request", problems)


async def _not_found(request: Request, error: Exception) -> Response:
    return _answer(request, 404, "Not found", str(error))


async def _unavailable(request: Request, error: Exception) -> Response:
    return _answer(request, 503, "Unavailable", str(error))


async def _database_failed(request: Request, error: Exception) -> Response:
    assert isinstance(error, SQLAlchemyError)
    return _answer(request, 503, "Unavailable", f"database error: {database_reason(error)}")
