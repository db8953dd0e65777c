"""Security headers (api.headers): CSP without inline scripts, nosniff, no framing, referrer policy, HSTS in
server mode, no-store on personal pages and API answers; /settings needs sign-in in server mode."""

from __future__ import annotations

import re

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

from .conftest import EPISODE, TestClient, make_client, server_settings

PAGES = ["/", "/first-aid", "/first-aid/calf", "/assess", "/diary", "/knowledge", "/profile", "/settings", "/get-help"]


@pytest.fixture
def client(sqlite_url: str) -> TestClient:
    return make_client(create_app(Settings(database_url=sqlite_url)))


def _script_policy(csp: str) -> str:
    found = re.search(r"script-src ([^;]*)", csp)
    assert found, csp
    return found.group(1)


@pytest.mark.parametrize("path", [*PAGES, "/api/v1/diary/episodes", "/api/v1/health"])
def test_every_page_and_answer_carries_the_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    headers = response.headers
    assert "unsafe-inline" not in _script_policy(headers["content-security-policy"])
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in headers  # local mode is plain http


@pytest.mark.parametrize("path", PAGES)
def test_no_page_has_an_inline_script_or_handler(client: TestClient, path: str) -> None:
    html = client.get(path).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script on {path}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {path}"


def test_a_diary_with_entries_is_not_cached(client: TestClient) -> None:
    created = client.post("/api/v1/diary/episodes", json=EPISODE).json()
    assert client.get(f"/api/v1/diary/episodes/{created['id']}").headers["cache-control"] == "no-store"
    assert client.get("/diary").headers["cache-control"] == "no-store"


def test_static_files_keep_their_own_caching(client: TestClient) -> None:
    page = client.get("/diary").text
    found = re.search(r'src="(/static/diary\.js\?v=[0-9a-f]+)"', page)
    assert found, "the diary's script is a static file"
    response = client.get(found.group(1))
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]


def test_server_mode_adds_hsts(sqlite_url: str) -> None:
    with make_client(create_app(server_settings(sqlite_url))) as c:
        assert c.get("/api/v1/health").headers["strict-transport-security"].startswith("max-age=")


def test_the_api_docs_allow_only_their_own_inline_script_by_nonce(client: TestClient) -> None:
    response = client.get("/docs")
    policy = _script_policy(response.headers["content-security-policy"])
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and "unsafe-inline" not in policy
    assert f'<script nonce="{nonce.group(1)}"' in response.text
    assert client.get("/docs").headers["content-security-policy"] != response.headers["content-security-policy"]


def test_settings_need_sign_in_in_server_mode(sqlite_url: str) -> None:
    with make_client(create_app(server_settings(sqlite_url))) as c:
        page = c.get("/settings", follow_redirects=False)
        export = c.get("/settings/export.json", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert export.status_code == 303
    assert "sqlite" not in page.text
