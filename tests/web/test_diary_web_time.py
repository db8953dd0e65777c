"""The quick log's start time: read as `crampcare diary log --at` reads it, in the browser's named zone."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from .conftest import TestClient, submit

EPISODE = {"muscle": "calf", "side": "left", "setting": "bed_night", "pain": "5", "duration_minutes": "2"}


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's own zone is Europe/Berlin (a page posted without script uses it)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _log(client: TestClient, **fields: str) -> tuple[int, str]:
    response = submit(client, "/diary/episodes", {**EPISODE, **fields}, form_page="/diary")
    return response.status_code, response.text


def _episodes(client: TestClient) -> list[dict[str, object]]:
    episodes: list[dict[str, object]] = client.get("/api/v1/diary/episodes").json()["items"]
    return episodes


@pytest.mark.usefixtures("berlin")
@pytest.mark.parametrize(
    ("started", "fragment"),
    [
        ("2024-03-31T02:30", "does not exist in Europe/Berlin"),  # the clocks jump 02:00 → 03:00
        ("2024-10-27T02:30", "happens twice in Europe/Berlin"),  # the clocks go back 03:00 → 02:00
        ("2024-05-01", "is a date without a time"),
        ("yesterday", "not a time"),
    ],
)
@pytest.mark.parametrize("zone", ["", "Europe/Berlin"], ids=["without-script", "with-script"])
def test_a_time_that_cannot_be_read_exactly_is_refused_naming_when(
    client: TestClient, started: str, fragment: str, zone: str
) -> None:
    code, page = _log(client, started=started, time_zone=zone)
    assert code == 422
    assert fragment in page and 'href="#d-started"' in page  # the problem links to the When field
    assert _episodes(client) == []


@pytest.mark.parametrize("zone", ["Mars/Olympus", "+02:00", "../../etc/passwd", "x" * 5000, "Europe/Berlin\x00"])
def test_a_bad_zone_is_a_422_naming_the_field_never_a_fallback(client: TestClient, zone: str) -> None:
    code, page = _log(client, started="2024-05-01T23:00", time_zone=zone)
    assert code == 422 and "Time zone" in page and "unknown time zone" in page and "Europe/Berlin" in page
    assert _episodes(client) == []


def test_a_past_time_gets_the_offset_of_its_own_date_in_the_browsers_zone(client: TestClient) -> None:
    """A July time entered in winter is summer time (+02:00), not the +01:00 of the day it is typed."""
    assert _log(client, started="2024-07-10T23:15", time_zone="Europe/Berlin")[0] == 200
    assert _log(client, started="2024-01-10T23:15", time_zone="Europe/Berlin")[0] == 200
    started = {e["started"]: e["tz"] for e in _episodes(client)}
    assert started == {"2024-07-10T23:15:00+02:00": "Europe/Berlin", "2024-01-10T23:15:00+01:00": "Europe/Berlin"}


@pytest.mark.usefixtures("berlin")
def test_without_script_the_servers_named_zone_is_used_and_shown(client: TestClient) -> None:
    code, page = _log(client, started="2024-07-10T23:15", time_zone="")
    assert code == 200 and "time zone Europe/Berlin" in page  # the notice after saving names the zone used
    [episode] = _episodes(client)
    assert episode["started"] == "2024-07-10T23:15:00+02:00" and episode["tz"] == "Europe/Berlin"


def test_an_explicit_offset_is_kept_as_typed(client: TestClient) -> None:
    assert _log(client, started="2024-07-10T23:15-04:00", time_zone="Europe/Berlin")[0] == 200
    assert _episodes(client)[0]["started"] == "2024-07-10T23:15:00-04:00"


def test_an_empty_time_is_now_in_the_browsers_zone(client: TestClient) -> None:
    assert _log(client, started="", time_zone="America/New_York")[0] == 200
    assert _episodes(client)[0]["tz"] == "America/New_York"


def test_the_page_sends_the_named_zone_not_todays_offset(client: TestClient) -> None:
    page = client.get("/diary").text
    script = client.get("/static/diary.js").text  # the page's script is a file (no inline script under the CSP)
    assert 'name="time_zone"' in page and "diary.js" in page and "resolvedOptions().timeZone" in script
    assert "getTimezoneOffset" not in page + script and "tz_offset" not in page + script
