"""Someone at 3 a.m. with no network opens "Log this cramp" from first aid and lands on the offline page: its form
offers the warning signs the diary page does (one calf swollen, weakness), and a cramp kept with one is sent with
it; before, the offline form had no such boxes, so the record lost a swollen calf and the doctor report said none
was logged."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import TestClient, wait_until
from .test_offline import wait_for_worker


@pytest.mark.parametrize(
    ("lang", "swollen", "hint"),
    [
        ("en", "One calf is swollen", "Either one needs a doctor: open “When to get help” now"),
        ("ru", "Одна икра отекла", "При любом из этих признаков нужен врач: откройте «Когда обращаться за помощью»"),
    ],
)
def test_the_offline_form_offers_the_warning_signs(client: TestClient, lang: str, swollen: str, hint: str) -> None:
    client.cookies.set("crampcare_lang", lang)
    page = client.get("/offline").text
    form = re.search(r'<form method="post" action="/diary/episodes".*?</form>', page, re.S)
    assert form is not None
    assert 'name="swelling" value="true"' in form.group(0) and 'name="weakness" value="true"' in form.group(0)
    assert f'<label for="o-swelling">{swollen}</label>' in form.group(0)
    assert hint in form.group(0).replace("&ldquo;", "“").replace("&rdquo;", "”")


@pytest.mark.browser
@pytest.mark.slow
def test_a_swollen_calf_logged_offline_reaches_the_diary(page: Any, server_url: str) -> None:
    page.goto(server_url + "/first-aid/calf")
    wait_for_worker(page)
    page.context.set_offline(True)
    try:
        page.goto(server_url + "/diary?muscle=calf#quick-log")  # "Log this cramp": the offline page
        assert page.locator("h1").inner_text() == "No connection"
        page.locator("#o-muscle").select_option("calf")
        page.locator("#o-side").select_option("right")
        page.locator("#o-setting").select_option("bed_night")
        page.locator("#o-pain").fill("8")
        page.locator("#o-duration").fill("4")
        page.locator("#o-swelling").check()
        page.get_by_role("button", name="Save cramp").click()
        wait_until(page, "document.querySelectorAll('#queue-status li.pending').length === 1")
        kept = page.evaluate("JSON.parse(localStorage.getItem('crampcare.offline-episodes'))")
        assert [item["episode"].get("swelling") for item in kept] == [True]
    finally:
        page.context.set_offline(False)
    page.wait_for_selector("#queue-status li.sent")
    page.goto(server_url + "/diary")
    first = page.locator("table.episodes tbody tr").first
    assert "Calf (right)" in first.inner_text() and "swelling" in first.inner_text()


@pytest.mark.browser
@pytest.mark.slow
def test_log_this_cramp_offline_keeps_the_muscle_and_place_and_opens_at_the_form(page: Any, server_url: str) -> None:
    """The back-of-thigh page in bed, then the network goes: "Log this cramp" opens the offline form with the muscle
    and the place already chosen, on screen (it opened at the top, the muscle grid first, the first options set)."""
    page.goto(server_url + "/first-aid/hamstring?setting=bed_night")
    wait_for_worker(page)
    page.context.set_offline(True)
    try:
        page.get_by_role("link", name="Log this cramp").click()
        page.locator("#o-muscle").wait_for()
        assert page.locator("h1").inner_text() == "No connection"
        assert page.locator("#o-muscle").input_value() == "hamstring"
        assert page.locator("#o-setting").input_value() == "bed_night"
        top = page.evaluate("document.getElementById('quick-log').getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"], top
    finally:
        page.context.set_offline(False)
