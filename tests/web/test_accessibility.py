"""axe-core (bundled offline by axe-playwright-python) on every page, in the states a person sees them.

WCAG 2.0 A and AA, 2.1 AA and 2.2 AA rules (`target-size` is only checked with wcag22aa): 0 violations.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from crampcare.knowledge.loader import KnowledgeBase

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def check(page: Any, where: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


# Every page a GET can reach, in local mode (the sign-in pages are checked in server mode below).
PAGES = [
    "/",
    "/first-aid",
    "/first-aid/calf",
    "/first-aid/whole_leg?setting=swimming",
    "/first-aid/calf?setting=bed_night&helper=true",
    "/get-help",
    "/offline",
    "/assess",
    "/assess?use=profile",
    "/diary",
    "/knowledge",
    "/knowledge?q=magnesium",
    "/knowledge?q=zzzzqqq",
    "/knowledge?q=diuretic",
    "/knowledge/red-flags/possible_dvt",
    "/knowledge/causes/med_loop_diuretics",
    "/knowledge/conditions/dialysis",
    "/knowledge/drug-classes/diuretics",
    "/knowledge/specialists/general_practitioner",
    "/profile",
    "/profile?saved=true",
    "/settings",
    "/first-aid/elbow",  # the error page
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page: Any, server_url: str, path: str) -> None:
    page.goto(server_url + path)
    check(page, path)


def test_every_knowledge_record_kind_has_no_axe_violations(page: Any, server_url: str, kb: KnowledgeBase) -> None:
    for rid in ("quinine", "fa_wall_calf_stretch", "magnesium_oral"):
        if rid in kb.interventions:
            page.goto(f"{server_url}/knowledge/{rid}")
            check(page, rid)


def test_plan_and_form_error_have_no_axe_violations(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("79")
    page.get_by_role("button", name="Show my care plan").click()
    page.locator("section.triage").wait_for()
    check(page, "plan")
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("200")
    page.get_by_role("button", name="Show my care plan").click()
    page.locator("#problems").wait_for()
    check(page, "check-up with a problem")


def test_first_aid_timer_and_offline_queue_states_have_no_axe_violations(page: Any, server_url: str) -> None:
    page.clock.install()
    page.goto(server_url + "/first-aid/calf")
    page.get_by_role("button", name="Start a 10-minute timer").click()
    check(page, "timer running")
    page.clock.run_for("10:01")
    page.locator("#timer-alert h3").wait_for()
    check(page, "timer ran out")
    page.goto(server_url + "/diary")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    try:
        page.locator("#d-side").select_option("left")
        page.locator("#d-setting").select_option("sitting")
        page.locator("#d-pain").fill("2")
        page.locator("#d-duration").fill("1")
        page.get_by_role("button", name="Save cramp").click()
        page.locator("#queue-status li.pending").wait_for()
        check(page, "diary with a kept cramp, offline")
    finally:
        # Dropped before going online: this page's clock runs ahead, and a sent entry would sit atop the shared diary.
        page.evaluate("localStorage.clear()")
        page.context.set_offline(False)


def test_episode_advice_and_edit_have_no_axe_violations(page: Any, server_url: str) -> None:
    from .conftest import shot

    page.goto(server_url + "/diary")
    page.locator("#d-muscle").select_option("calf")
    page.locator("#d-side").select_option("right")
    page.locator("#d-setting").select_option("exercise")
    page.locator("#d-pain").fill("9")
    page.locator("#d-duration").fill("25")
    page.get_by_role("button", name="Save cramp").click()
    advice = page.locator("#episode-advice")
    advice.wait_for()
    assert "Get help today" in advice.inner_text()
    shot(page, "18-diary-long-cramp-advice")
    check(page, "diary with the advice of a long cramp")
    page.locator("table.episodes tbody tr").first.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/edit")
    shot(page, "19-diary-edit")
    check(page, "edit a cramp")
    page.locator("#e-pain").fill("12")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#problems").wait_for()
    check(page, "edit a cramp with a problem")
    page.goto(server_url + "/settings")
    page.locator("#s-emergency_number").fill("call mum")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#problems").wait_for()
    check(page, "settings with a problem")
    page.goto(server_url + "/settings")
    page.get_by_text("Delete all my diary data…").click()
    check(page, "settings, delete-all opened")


def test_server_mode_pages_have_no_axe_violations(browser: Any, sqlite_url: str) -> None:
    """Sign-in, registration and a signed-in page (server mode), served in-process through Playwright's router."""
    import warnings

    from crampcare.api.app import create_app
    from crampcare.api.settings import Settings

    from .conftest import PHONE

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = Settings(
        host="0.0.0.0",
        database_url=sqlite_url,
        secret_key="a-test-secret-that-is-long-enough-9f3Kq2Lx7Vb1",
        https_only_cookies=False,
        allowed_hosts=("testserver",),
    )
    app_client = TestClient(create_app(settings), base_url="http://testserver", raise_server_exceptions=False)

    def serve(route: Any) -> None:
        request = route.request
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        answer = app_client.request(
            request.method, request.url, headers=headers, content=request.post_data_buffer, follow_redirects=False
        )
        dropped = ("content-encoding", "content-length")  # the body handed over is already decoded
        kept = {k: v for k, v in answer.headers.multi_items() if k.lower() not in dropped}
        route.fulfill(status=answer.status_code, headers=kept, body=answer.content)

    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        context.route("http://testserver/**", serve)
        page = context.new_page()
        page.goto("http://testserver/login")
        check(page, "sign in")
        page.get_by_label("User name").fill("nobody")
        page.get_by_label("Password").fill("wrong-password-123")
        page.get_by_role("button", name="Sign in").click()
        page.locator(".problems").wait_for()
        check(page, "sign in refused")
        page.goto("http://testserver/register")
        check(page, "register")
        page.get_by_label("User name").fill("carer")
        page.get_by_label("Password").fill("a long enough passphrase 42")
        page.get_by_role("button", name=re.compile("Create|Register")).click()
        page.get_by_role("button", name=re.compile("Sign out")).wait_for()
        for path in ("/", "/settings", "/diary"):  # signed in: the header has the sign-out form
            page.goto("http://testserver" + path)
            check(page, f"signed in {path}")
    finally:
        context.close()
