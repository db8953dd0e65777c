"""The diary page on a phone: the check-in's day, no made-up cramp values, check-in errors by their form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from crampcare.diary import service

from .conftest import TestClient, shot, token

CRAMP = {"muscle": "calf", "side": "left", "setting": "sitting", "pain": "4", "duration_minutes": "2"}


def _section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start : page.index("</section>", start)]


def _quick_log(page: str) -> str:
    return _section(page, "quick-log")


# --- 1. the check-in's day ---------------------------------------------------------------------------------


def test_the_check_in_defaults_to_the_servers_diary_day_not_its_calendar_date(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "today_local", lambda: dt.date(2025, 11, 24))  # e.g. 01:30 on the 25th
    page = _section(client.get("/diary").text, "checkin")
    assert 'name="day" type="date" value="2025-11-24"' in page
    assert "Monday 24 November 2025" in page  # the form says which day it is for


def test_a_saved_check_in_says_so_for_its_day(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), "day": "2024-05-07", "water_litres": "1.5"}
    page = client.post("/diary/checkin", data=data).text
    notice = re.search(r'<p class="notice" role="status"[^>]*>(.*?)</p>', page, re.S)
    assert notice and "Check-in saved for Tuesday 7 May 2024" in notice.group(1)


def test_a_check_in_page_without_checked_has_no_saved_notice(client: TestClient) -> None:
    assert "Check-in saved" not in client.get("/diary?day=2024-05-07").text


def test_load_this_day_shows_the_chosen_days_stored_values_without_script(client: TestClient) -> None:
    assert client.put("/api/v1/diary/checkins", json={"day": "2024-05-05", "water_litres": 2.5}).status_code == 200
    form = _section(client.get("/diary").text, "checkin")
    button = re.search(r"<button[^>]*>Load this day</button>", form)
    assert button and 'formaction="/diary/checkin/day"' in button.group(0) and "formnovalidate" in button.group(0)
    data = {"csrf_token": token(client, "/diary"), "day": "2024-05-05", "water_litres": "9"}
    response = client.post("/diary/checkin/day", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/diary?day=2024-05-05#checkin"
    assert client.get("/api/v1/diary/checkins/2024-05-05").json()["water_litres"] == 2.5  # loading never saves
    assert 'value="2.5"' in _section(client.get(response.headers["location"]).text, "checkin")


def test_load_this_day_with_a_bad_day_says_so(client: TestClient) -> None:
    response = client.post("/diary/checkin/day", data={"csrf_token": token(client, "/diary"), "day": "24.11.2025"})
    assert response.status_code == 422
    checkin = _section(response.text, "checkin")
    assert "Check-in not saved" not in checkin and "Day" in checkin and 'href="#c-day"' in checkin


def test_a_bad_day_and_a_bad_check_in_are_said_in_russian(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary?lang=ru"), "day": "24.11.2025"}
    checkin = _section(client.post("/diary/checkin/day?lang=ru", data=data).text, "checkin")
    assert "<h2>День не открыт</h2>" in checkin and "это не дата: &#39;24.11.2025&#39;" in checkin, checkin
    assert "not a date" not in checkin and "Day not loaded" not in checkin
    data = {"csrf_token": token(client, "/diary?lang=ru"), "day": "2999-01-01"}
    checkin = _section(client.post("/diary/checkin?lang=ru", data=data).text, "checkin")
    assert "<h2>Отметка не сохранена</h2>" in checkin and "год 2999 неправдоподобен" in checkin, checkin


def test_a_cramp_logged_with_the_browsers_zone_returns_to_that_zones_diary_day(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), **CRAMP, "time_zone": "Pacific/Kiritimati"}
    response = client.post("/diary/episodes", data=data, follow_redirects=False)
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=14)))
    day = (now.date() - dt.timedelta(days=1) if now.hour < 6 else now.date()).isoformat()
    assert response.status_code == 303 and f"&day={day}" in response.headers["location"]


# --- 2. no made-up cramp values ------------------------------------------------------------------------------


def test_the_quick_log_starts_without_pain_duration_or_setting(client: TestClient) -> None:
    form = _quick_log(client.get("/diary").text)
    assert re.search(r'id="d-pain"[^>]*value=""', form) and re.search(r'id="d-duration"[^>]*value=""', form)
    setting = re.search(r'<select id="d-setting"[^>]*>(.*?)</select>', form, re.S)
    assert setting and re.match(r'<option value="">Choose…</option>', setting.group(1))
    assert "selected" not in setting.group(1) and "required" in form[form.index('id="d-setting"') :][:80]


def test_the_first_aid_link_still_fills_in_muscle_and_setting(client: TestClient) -> None:
    form = _quick_log(client.get("/diary?muscle=foot&setting=walking_standing").text)
    assert '<option value="foot" selected>' in form and '<option value="walking_standing" selected>' in form
    assert re.search(r'id="d-pain"[^>]*value=""', form)


@pytest.mark.parametrize(
    ("missing", "shown"),
    [("setting", '<a href="#d-setting">When or where</a>: choose one'), ("pain", '<a href="#d-pain">Pain</a>')],
)
def test_a_cramp_without_setting_or_pain_is_refused(client: TestClient, missing: str, shown: str) -> None:
    data = {"csrf_token": token(client, "/diary"), **CRAMP, missing: ""}
    response = client.post("/diary/episodes", data=data)
    assert response.status_code == 422 and shown in response.text
    assert re.search(rf'name="{missing}"[^>]*aria-invalid="true"', response.text)
    assert client.get("/api/v1/diary/episodes").json()["count"] == 0


def test_a_cramp_without_a_duration_links_to_the_duration_field(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), **CRAMP, "duration_minutes": ""}
    response = client.post("/diary/episodes", data=data)
    assert response.status_code == 422 and '<a href="#d-duration">How long</a>' in response.text


# --- 3. check-in numbers and errors ---------------------------------------------------------------------------


def test_a_check_in_accepts_a_decimal_comma(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), "day": "2024-05-09", "water_litres": "1,5", "alcohol_units": "0,5"}
    assert client.post("/diary/checkin", data=data).status_code == 200
    saved = client.get("/api/v1/diary/checkins/2024-05-09").json()
    assert saved["water_litres"] == 1.5 and saved["alcohol_units"] == 0.5


def test_a_check_in_error_is_shown_by_the_check_in_and_marks_the_field(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), "day": "2024-05-09", "water_litres": "lots"}
    response = client.post("/diary/checkin", data=data)
    assert response.status_code == 422
    checkin = _section(response.text, "checkin")
    assert "<h2>Check-in not saved</h2>" in checkin and "Not saved</h2>" not in _quick_log(response.text)
    assert '<a href="#c-water_litres">Water</a>' in checkin
    assert re.search(r'id="c-water_litres"[^>]*aria-invalid="true"[^>]*aria-describedby="err-water_litres"', checkin)
    assert 'id="err-water_litres"' in checkin and 'value="lots"' in checkin
    assert re.search(r'id="d-pain"[^>]*value=""', _quick_log(response.text))  # the cramp form as it was


# --- 5. the date field and the favicon -------------------------------------------------------------------------


def test_the_date_field_is_styled_like_the_other_inputs(client: TestClient) -> None:
    css = client.get("/static/crampcare.css").text
    rule = next(r for r in css.split("}") if "input[type=text]" in r and "min-height: 48px" in r)
    assert "input[type=date]" in rule


def test_pages_link_a_favicon_that_exists(client: TestClient) -> None:
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', client.get("/").text)
    assert link
    icon = client.get(link.group(1))
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in icon.text


# --- in a phone browser --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        ("2025-11-25T04:13:00Z", "2025-11-24"),  # 20:13 on the 24th in Los Angeles, already the 25th in UTC
        ("2025-11-25T11:00:00Z", "2025-11-24"),  # 03:00 on the 25th there: still the night of the 24th
        ("2025-11-25T15:00:00Z", "2025-11-25"),  # 07:00 there: the 25th
    ],
)
def test_the_browser_sets_the_check_in_to_its_own_diary_day(browser: Any, server_url: str, utc: str, day: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="America/Los_Angeles", is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.clock.install(time=dt.datetime.fromisoformat(utc))
        page.goto(server_url + "/diary")
        page.wait_for_url(f"**/diary?day={day}")
        assert page.locator("#c-day").input_value() == day
        assert "(today)" in page.locator("#c-for").inner_text()
        if day == "2025-11-24":
            page.locator("#checkin").scroll_into_view_if_needed()
            shot(page, "20-diary-check-in-browser-day")
    finally:
        context.close()


def test_the_diary_on_a_phone(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    assert page.locator("#d-pain").input_value() == "" and page.locator("#d-setting").input_value() == ""
    width = page.locator("#c-day").bounding_box()
    assert width and width["width"] >= 200 and width["height"] >= 44  # styled like the other inputs
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "21-diary-phone", full_page=True)


def test_a_check_in_error_on_a_phone_is_read_out_by_the_check_in(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary?day=2024-05-10")
    page.locator("#c-water_litres").fill("lots")
    page.get_by_role("button", name="Save check-in", exact=True).last.click()
    page.wait_for_load_state()
    box = page.locator("#checkin-problems")
    assert "Check-in not saved" in box.inner_text() and page.evaluate("document.activeElement.id") == "checkin-problems"
    assert page.locator("#c-water_litres").get_attribute("aria-invalid") == "true"
    assert page.locator("#c-water_litres").input_value() == "lots"
    page.locator("#checkin").scroll_into_view_if_needed()
    shot(page, "22-diary-check-in-error")
