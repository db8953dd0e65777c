"""The diary page says at once what a logged or edited cramp calls for; cramps can be edited on the web."""

from __future__ import annotations

import re
from typing import Any

from .conftest import submit

CRAMP = {
    "muscle": "calf",
    "side": "left",
    "setting": "exercise",
    "pain": "9",
    "duration_minutes": "25",
    "started": "2024-05-01T18:40",
    "time_zone": "Europe/Berlin",
}


def log(client: Any, **changes: str) -> Any:
    response = submit(client, "/diary/episodes", CRAMP | changes, form_page="/diary")
    assert response.status_code == 200, response.text
    return response


def test_a_25_minute_cramp_shows_the_urgent_advice_at_once(client: Any) -> None:
    page = log(client).text
    assert "Cramp logged" in page
    advice = page[page.index('id="episode-advice"') :]
    assert "Get help today" in advice and "A cramp lasting longer than 10 minutes" in advice
    assert "Why: Because the cramp has lasted 25 minutes (over 10)" in advice
    assert "no profile is saved in this diary" in advice
    assert 'href="tel:' not in advice  # urgent is "be seen today": the emergency call is for emergencies


def test_a_two_minute_cramp_just_says_logged(client: Any) -> None:
    page = log(client, duration_minutes="2").text
    assert "Cramp logged" in page and 'id="episode-advice"' not in page


def test_a_childs_long_night_pain_explains_why_the_10_minute_rule_is_not_applied(client: Any) -> None:
    submit(client, "/profile", {"age_years": "7"})
    page = log(client, setting="bed_night").text
    assert "About this cramp" in page and "growing pains" in page and "Get help today" not in page


def test_edit_changes_only_what_was_changed_and_shows_the_new_advice(client: Any) -> None:
    page = log(client, duration_minutes="2").text
    episode_id = re.search(r"Cramp logged \(entry (\d+)\)", page).group(1)  # type: ignore[union-attr]
    form = client.get(f"/diary/episodes/{episode_id}/edit").text
    assert 'value="2024-05-01T18:40"' in form and 'value="2"' in form
    edited = submit(
        client,
        f"/diary/episodes/{episode_id}/edit",
        {**{k: v for k, v in CRAMP.items() if k != "time_zone"}, "duration_minutes": "12,5", "note": "still sore"},
        form_page=f"/diary/episodes/{episode_id}/edit",
    )
    assert edited.status_code == 200
    assert "changed (the earlier version is kept in the history)" in edited.text
    assert "A cramp lasting longer than 10 minutes" in edited.text
    stored = client.get(f"/api/v1/diary/episodes/{episode_id}").json()
    assert stored["duration_minutes"] == 12.5 and stored["note"] == "still sore"
    assert stored["started"].startswith("2024-05-01T18:40") and stored["tz"] == "Europe/Berlin"


def test_a_bad_edit_is_named_next_to_its_field_and_nothing_changes(client: Any) -> None:
    page = log(client, duration_minutes="2").text
    episode_id = re.search(r"Cramp logged \(entry (\d+)\)", page).group(1)  # type: ignore[union-attr]
    path = f"/diary/episodes/{episode_id}/edit"
    response = submit(client, path, {**CRAMP, "pain": "11"}, form_page=path)
    assert response.status_code == 422
    assert '<a href="#e-pain">Pain</a>' in response.text and 'value="11"' in response.text
    assert client.get(f"/api/v1/diary/episodes/{episode_id}").json()["pain"] == 9
    moved = submit(client, path, {**CRAMP, "started": "2024-05-02T07:15"}, form_page=path)
    assert moved.status_code == 200
    assert client.get(f"/api/v1/diary/episodes/{episode_id}").json()["started"] == "2024-05-02T07:15:00+02:00"
