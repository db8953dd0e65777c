"""API fixtures: an app in local mode and one in server mode, each on a fresh diary database."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

with warnings.catch_warnings():
    # Starlette asks for the `httpx2` fork; the project ships `httpx`, which still works. Silence only this import.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SECRET = "test-secret-Vq3Lx8Rk2Zp7Nw4Jt9Hb6Fc1Ym5Gd0Se"  # random-looking: low-entropy keys are refused
EPISODE: dict[str, Any] = {
    "started": "2026-11-20T23:10:00+01:00",
    "duration_minutes": 3,
    "muscle": "calf",
    "side": "left",
    "setting": "bed_night",
    "pain": 6,
}


def make_client(app: FastAPI) -> TestClient:
    # A local server answers only its loopback names (DNS rebinding); server-mode tests allow "testserver".
    base = "http://127.0.0.1" if not app.state.settings.server_mode else "http://testserver"
    return TestClient(app, base_url=base, raise_server_exceptions=False)


@pytest.fixture
def local_app(sqlite_url: str) -> FastAPI:
    return create_app(Settings(database_url=sqlite_url))


@pytest.fixture
def client(local_app: FastAPI) -> Iterator[TestClient]:
    with make_client(local_app) as c:
        yield c


def server_settings(url: str) -> Settings:
    # Cookies without the Secure flag only because TestClient speaks plain http; a real server keeps it.
    return Settings(
        host="0.0.0.0", database_url=url, secret_key=SECRET, https_only_cookies=False, allowed_hosts=("testserver",)
    )


def drop_user_schemas(url: str) -> None:
    """Server mode on PostgreSQL makes one schema per account; remove the ones a test created."""
    import re

    import psycopg

    found = re.search(r"search_path%3D([a-z0-9_]+)|search_path=([a-z0-9_]+)", url)
    if not found:
        return
    base = found.group(1) or found.group(2)
    dsn = "host=127.0.0.1 port=5432 user=crampcare password=crampcare dbname=crampcare_test"
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = [
            row[0] for row in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (f"{base}\\_u%",))
        ]
        for name in names:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')
