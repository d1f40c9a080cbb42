"""Shared test fixtures: the fixture site on 127.0.0.1 and fresh databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.distributed.queue import SharedQueue
from newscrawl.siteserver import SiteServer
from tests.pgschema import scratch_schema
from tests.redisqueues import scratch_queue

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REQUIRE_SERVICES = os.environ.get("NEWSCRAWL_REQUIRE_SERVICES") == "1"


def service_url(variable: str) -> str | None:
    """A service URL from the environment; with NEWSCRAWL_REQUIRE_SERVICES=1 its absence fails."""
    url = os.environ.get(variable)
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail(f"{variable} is not set and NEWSCRAWL_REQUIRE_SERVICES=1")
        pytest.skip(f"{variable} is not set")
    return url


@pytest.fixture(scope="session")
def site() -> Iterator[SiteServer]:
    with SiteServer(FIXTURES / "site") as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    base = service_url("NEWSCRAWL_TEST_POSTGRES_URL")
    assert base is not None
    with scratch_schema(base) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each database test runs on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def redis_url() -> str:
    url = service_url("NEWSCRAWL_TEST_REDIS_URL")
    assert url is not None
    return url


@pytest.fixture
def queue(redis_url: str) -> Iterator[SharedQueue]:
    """A shared queue under a key prefix of this test's own, every key deleted after."""
    with scratch_queue(redis_url) as made:
        yield made
