"""Web fixtures: a real `crampcare serve` on a free loopback port, and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    """The app in-process (local mode) on a fresh SQLite diary; server errors come back as pages, not raised."""
    app = create_app(Settings(database_url=sqlite_url))
    # A local server answers only its loopback names (DNS rebinding), so the client speaks to 127.0.0.1.
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def token(client: TestClient, path: str = "/") -> str:
    """The CSRF token of the form on `path`."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


def submit(client: TestClient, action: str, fields: dict[str, str], form_page: str | None = None) -> Any:
    """POST a form as the browser would: with the CSRF token of the page that shows it (`form_page`, else
    `action`)."""
    return client.post(action, data={"csrf_token": token(client, form_page or action), **fields})


def plan_page(client: TestClient, **fields: str) -> str:
    """The care-plan page for the questionnaire answers `fields` (it must be a 200)."""
    response = submit(client, "/assess", fields)
    assert response.status_code == 200, response.text
    return response.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """`crampcare serve` on a free loopback port with its own SQLite diary `db`; stopped on leaving."""
    port = free_port()
    env = {**os.environ, "CRAMPCARE_DATABASE_URL": f"sqlite:///{db}"}
    env.pop("CRAMPCARE_SECRET_KEY", None)
    log_path = db.parent / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "crampcare", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("web") / "diary.db") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CRAMPCARE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required (CRAMPCARE_REQUIRE_BROWSER=1) but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def shot(page: Any, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def wait_until(page: Any, expression: str, timeout: float = 15.0) -> None:
    """Wait until a JavaScript expression is true on the page.

    Playwright's `wait_for_function` evaluates its text with eval inside the page, which the app's
    Content-Security-Policy refuses (no 'unsafe-eval'); `evaluate` goes through the debugger protocol instead.
    """
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)
