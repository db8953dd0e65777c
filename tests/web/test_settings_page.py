"""Settings: the emergency number and lab units (kept in this browser), export, delete-all with a backup first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import submit

EPISODE = {
    "muscle": "calf",
    "side": "left",
    "setting": "bed_night",
    "pain": "6",
    "duration_minutes": "3",
    "started": "2024-05-01T23:40",
    "time_zone": "Europe/Berlin",
}


def test_the_emergency_number_set_here_is_the_one_first_aid_calls(client: Any) -> None:
    assert 'href="tel:112"' in client.get("/first-aid/calf").text  # the default
    response = submit(client, "/settings", {"emergency_number": "9 1 1", "lab_units": "mg"})
    assert response.status_code == 200 and "Settings saved in this browser" in response.text
    assert 'href="tel:911"' in client.get("/first-aid/calf").text
    assert 'href="tel:911"' in client.get("/get-help").text
    page = client.get("/settings").text
    assert 'value="911"' in page and 'id="s-units-mg" name="lab_units" value="mg" checked' in page


def test_bad_settings_are_named_next_to_their_fields_and_nothing_is_saved(client: Any) -> None:
    response = submit(client, "/settings", {"emergency_number": "call mum", "lab_units": "grains"})
    assert response.status_code == 422
    assert '<li><a href="#s-emergency_number">Emergency number</a>: ' in response.text
    assert "is not a phone number; 2 to 15 digits" in response.text
    assert '<a href="#s-lab_units">Units for lab results</a>: unknown units' in response.text
    assert 'value="call mum"' in response.text  # what was typed is kept
    assert 'href="tel:112"' in client.get("/first-aid/calf").text


def test_a_damaged_settings_cookie_falls_back_to_the_defaults(client: Any) -> None:
    client.cookies.set("crampcare_prefs", "<script>_x")
    page = client.get("/first-aid/calf").text
    assert 'href="tel:112"' in page and "<script>_x" not in page


def test_export_downloads_the_whole_diary(client: Any) -> None:
    submit(client, "/diary/episodes", EPISODE, form_page="/diary")
    response = client.get("/settings/export.json")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="crampcare-diary-')
    data = json.loads(response.text)
    assert [e["muscle"] for e in data["episodes"]] == ["calf"]


def test_delete_all_asks_first_then_backs_up_before_deleting(client: Any, sqlite_url: str) -> None:
    submit(client, "/diary/episodes", EPISODE, form_page="/diary")
    refused = submit(client, "/settings/delete-all", {}, form_page="/settings")
    assert refused.status_code == 422 and "nothing was deleted" in refused.text
    assert "(1 in total)" in client.get("/diary").text
    done = submit(client, "/settings/delete-all", {"confirm": "delete"}, form_page="/settings")
    assert done.status_code == 200
    assert "Deleted: 1 cramp," in done.text and "A backup was taken just before" in done.text
    diary = Path(sqlite_url.removeprefix("sqlite:///"))
    backups = list((diary.parent / "backups").glob("*.db"))
    assert len(backups) == 1 and str(backups[0]) in done.text
    assert "(0 in total)" in client.get("/diary").text
    # The backup holds what was deleted.
    import sqlite3

    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("select count(*) from episodes").fetchone() == (1,)
