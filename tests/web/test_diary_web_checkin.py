"""The web check-in form: it never erases what it does not show, and it shows what the day already has."""

from __future__ import annotations

import re

from .conftest import TestClient, submit, token

STORED = {
    "day": "2024-05-05",
    "water_litres": 1,
    "caffeine_cups": 3,
    "medicines": ["magnesium"],
    "note": "important note",
}


def _post(client: TestClient, **fields: str) -> None:
    response = submit(client, "/diary/checkin", fields, form_page="/diary")
    assert response.status_code == 200, response.text  # followed the redirect back to /diary


def test_the_web_form_keeps_medicines_and_note_it_does_not_show(client: TestClient) -> None:
    assert client.put("/api/v1/diary/checkins", json=STORED).status_code == 200
    _post(client, day="2024-05-05", water_litres="2")
    saved = client.get("/api/v1/diary/checkins/2024-05-05").json()
    assert saved["medicines"] == ["magnesium"] and saved["note"] == "important note"
    assert saved["water_litres"] == 2  # the form's own fields are what the form said
    assert saved["caffeine_cups"] is None  # a shown field left empty is cleared, as the form showed it


def test_a_new_day_from_the_web_form_has_no_medicines_or_note(client: TestClient) -> None:
    _post(client, day="2024-05-06", water_litres="2")
    saved = client.get("/api/v1/diary/checkins/2024-05-06").json()
    assert saved["medicines"] == [] and saved["note"] == ""


def test_the_form_is_prefilled_with_the_days_stored_check_in(client: TestClient) -> None:
    stored = {**STORED, "exercise": "intense", "heat": True}
    assert client.put("/api/v1/diary/checkins", json=stored).status_code == 200
    page = client.get("/diary?day=2024-05-05").text
    form = page[page.index('action="/diary/checkin"') :]
    assert 'name="day" type="date" value="2024-05-05"' in form
    assert 'name="water_litres" type="text" inputmode="decimal" value="1"' in form
    assert 'name="caffeine_cups" type="text" inputmode="decimal" value="3"' in form
    assert 'name="alcohol_units" type="text" inputmode="decimal" value=""' in form  # never "None"
    assert '<option value="intense" selected>' in form and re.search(r'name="heat" value="true"\s*checked', form)
    assert "magnesium" in form and "important note" in form  # says what else the day holds, and that it is kept


def test_the_diary_page_shows_todays_stored_check_in(client: TestClient) -> None:
    from crampcare.diary.service import today_local

    today = today_local().isoformat()  # the diary day: before 06:00 it is still yesterday's night
    assert client.put("/api/v1/diary/checkins", json={"day": today, "water_litres": 2.5}).status_code == 200
    page = client.get("/diary").text
    assert f'name="day" type="date" value="{today}"' in page and 'value="2.5"' in page


def test_saving_returns_to_the_saved_day(client: TestClient) -> None:
    response = client.post(
        "/diary/checkin",
        data={"csrf_token": token(client, "/diary"), "day": "2024-05-07", "water_litres": "1.5"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "day=2024-05-07" in response.headers["location"]
    assert 'value="1.5"' in client.get(response.headers["location"]).text


def test_a_prefilled_value_saved_again_unchanged_is_not_rounded(client: TestClient) -> None:
    day = {"day": "2024-05-08", "water_litres": 1.2345678}
    assert client.put("/api/v1/diary/checkins", json=day).status_code == 200
    page = client.get("/diary?day=2024-05-08").text
    water = re.search(r'name="water_litres" type="text" inputmode="decimal" value="([^"]*)"', page)
    assert water is not None
    _post(client, day="2024-05-08", water_litres=water.group(1))
    assert client.get("/api/v1/diary/checkins/2024-05-08").json()["water_litres"] == 1.2345678
