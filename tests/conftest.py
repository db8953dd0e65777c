"""Shared fixtures: the shipped knowledge base, and database URLs for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crampcare.knowledge.loader import KnowledgeBase, knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge()


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite out of the real home: the default diary and caches go to a throw-away folder.

    platformdirs follows XDG_DATA_HOME and XDG_CACHE_HOME, so a test (or a server it starts) that
    falls back to the default diary can never read or change a person's own data.
    """
    import os
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="crampcare-tests-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ.pop("CRAMPCARE_DATABASE_URL", None)
    # The CLI follows the locale (crampcare.i18n): the suite speaks English whatever the machine's LANG is;
    # tests of the Russian output ask for it.
    os.environ["CRAMPCARE_LANG"] = "en"


# --- diary databases: SQLite always, PostgreSQL when reachable (required under CI) -----------------

POSTGRES_URL = "postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_test"


def _postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=crampcare password=crampcare dbname=crampcare_test", connect_timeout=3
        ):
            return None
    except psycopg.Error as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


@pytest.fixture(scope="session")
def postgres_available() -> bool:
    import os

    problem = _postgres_reachable()
    if problem is None:
        return True
    if os.environ.get("CRAMPCARE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (CRAMPCARE_REQUIRE_POSTGRES=1) but unreachable: {problem}")
    return False


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite diary file for one test."""
    from crampcare.diary.db import dispose_engines

    yield f"sqlite:///{tmp_path / 'diary.db'}"
    dispose_engines()


@pytest.fixture
def postgres_url(postgres_available: bool) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test (search_path points at it); dropped afterwards."""
    if not postgres_available:
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable (scripts/ensure-postgres.sh starts it)")
    import uuid

    import psycopg

    from crampcare.diary.db import dispose_engines

    schema = f"test_{uuid.uuid4().hex[:12]}"
    dsn = "host=127.0.0.1 port=5432 user=crampcare password=crampcare dbname=crampcare_test"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    dispose_engines()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty diary database: each test runs once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A CLI call with `--lang ru` (CliRunner runs it in this process) makes Russian the active language; put English
    back after every test so no later test depends on the order it runs in."""
    from crampcare import i18n

    yield
    i18n.activate("en")
