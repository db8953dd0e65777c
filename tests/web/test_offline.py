"""First aid with no network (service worker), the installable app, the emergency call button and the timer.

Real Chromium on a phone viewport; screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import struct
import urllib.request
from typing import Any

import pytest

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.vocab import MUSCLES

from .conftest import shot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def wait_for_worker(page: Any) -> None:
    """Until the service worker has kept the offline pages and controls this page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(page, "navigator.serviceWorker.controller !== null")


def test_first_aid_and_get_help_open_offline_after_one_visit(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    wait_for_worker(page)
    page.context.set_offline(True)
    try:
        for muscle in MUSCLES:  # every muscle's page, though only the home page was visited
            page.goto(f"{server_url}/first-aid/{muscle}")
            assert page.locator("article.first-aid.best ol.steps li").count() >= 1, muscle
        # A setting chosen offline: the muscle's kept page (its steps are there; the notice says offline).
        page.goto(server_url + "/first-aid/calf?setting=swimming")
        assert page.locator("h1").inner_text() == "Cramp in the calf"
        assert page.locator("#net-status").is_visible()
        assert page.get_by_role("link", name="Call 112").first.is_visible()
        shot(page, "12-offline-first-aid-calf")
        page.goto(server_url + "/get-help")
        assert page.locator("#h-emergency").is_visible()
        page.goto(server_url + "/")
        assert page.locator(".muscle-grid a").count() == len(MUSCLES)
        # A page that needs the network says so plainly, and points to what works.
        page.goto(server_url + "/knowledge")
        assert page.locator("h1").inner_text() == "No connection"
        assert page.get_by_role("link", name="When to get help").is_visible()
        shot(page, "13-offline-other-page", full_page=True)
    finally:
        page.context.set_offline(False)


def test_a_cramp_logged_offline_is_kept_then_sent(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.locator("#d-muscle").select_option("foot")
    page.locator("#d-side").select_option("left")
    page.locator("#d-setting").select_option("sitting")
    page.locator("#d-pain").fill("4")
    page.locator("#d-duration").fill("2,5")
    page.get_by_role("button", name="Save cramp").click()
    pending = page.locator("#queue-status li.pending")
    assert "kept in this browser, not yet in your diary" in pending.inner_text()
    assert page.url.endswith("/diary")  # nothing was sent; the page stayed
    shot(page, "14-offline-diary-kept")
    # Offline, a page reload is the offline page; the kept entry is still listed there.
    page.reload()
    assert page.locator("#queue-status li.pending").count() == 1
    # Back online: the open page sends it at once (the browser's "online" event), and says so.
    page.context.set_offline(False)
    page.wait_for_selector("#queue-status li.sent")
    link = page.locator("#queue-status li.sent a")
    assert re.fullmatch(r"/diary\?logged=\d+#episode-advice", link.get_attribute("href") or "")
    page.goto(server_url + "/diary")
    assert page.evaluate("JSON.parse(localStorage.getItem('crampcare.offline-episodes'))") == []
    page.reload()
    first = page.locator("table.episodes tbody tr").first
    assert "Foot" in first.inner_text() and "2.5" in first.inner_text()


def test_a_cramp_the_diary_refuses_is_kept_with_the_reason(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.locator("#d-muscle").select_option("calf")
    page.locator("#d-side").select_option("right")
    page.locator("#d-setting").select_option("exercise")
    page.locator("#d-pain").fill("5")
    page.locator("#d-duration").fill("ten")  # not a number: only the diary can refuse it
    page.get_by_role("button", name="Save cramp").click()
    page.context.set_offline(False)
    refused = page.locator("#queue-status li.refused")
    refused.wait_for()
    assert "not saved" in refused.inner_text() and "duration_minutes" in refused.inner_text()
    shot(page, "15-offline-diary-refused")
    page.reload()  # still there: a refused entry is never dropped silently
    refused.get_by_role("button", name="Discard").click()
    assert page.locator("#queue-status li").count() == 0


def test_first_aid_call_button_and_ten_minute_timer(page: Any, server_url: str, kb: KnowledgeBase) -> None:
    page.clock.install()
    page.goto(server_url + "/first-aid/calf")
    call = page.get_by_role("link", name="Call 112 (emergency services)")
    assert call.get_attribute("href") == "tel:112"
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]  # on the first screen
    page.get_by_role("button", name="Start a 10-minute timer").click()
    page.clock.run_for("05:00")
    assert page.locator("#timer-left").inner_text() == "05:00"
    assert page.locator("#timer-alert").inner_text() == ""
    shot(page, "16-first-aid-timer-running")
    page.clock.run_for("05:01")
    alert = page.locator("#timer-alert")
    assert "Over 10 minutes: get help" in alert.inner_text()
    assert kb.red_flags["cramp_over_10_minutes"].action in alert.inner_text()
    assert not page.get_by_role("button", name="It has eased: stop the timer").is_visible()
    assert alert.locator('a[href^="tel:"]').count() == 0  # urgent, not an emergency: no second call button
    alert.scroll_into_view_if_needed()
    shot(page, "17-first-aid-timer-ran-out")


def test_the_app_can_be_installed(server_url: str) -> None:
    with urllib.request.urlopen(server_url + "/manifest.webmanifest") as response:
        manifest = json.load(response)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone" and manifest["name"]
    sizes = set()
    for icon in manifest["icons"]:
        if icon["type"] != "image/png":
            continue
        with urllib.request.urlopen(server_url + icon["src"]) as response:
            head = response.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", head[16:24])
        assert f"{width}x{height}" == icon["sizes"]
        sizes.add(width)
    assert sizes == {192, 512}
