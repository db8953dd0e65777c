"""The input audit's API findings: a start is ISO 8601 text in the plausible range, an empty PATCH changes
nothing (422), and an edit keeps the episode's named time zone."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.conftest import EPISODE


@pytest.mark.parametrize(
    ("started", "fragment"),
    [
        (12345, "ISO 8601"),  # once stored as 1970-01-01 (Unix seconds)
        ("12345", "ISO 8601"),
        ("1900-01-01T00:00+14:00", "1899"),  # the diary day (and the UTC instant) fall in 1899
        ("2024-05-01", "without a time"),
    ],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_start_that_is_not_iso_text_in_range_is_422_naming_started(
    client: TestClient, method: str, started: object, fragment: str
) -> None:
    if method == "post":
        response = client.post("/api/v1/diary/episodes", json=EPISODE | {"started": started})
    else:
        eid = client.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
        response = client.patch(f"/api/v1/diary/episodes/{eid}", json={"started": started})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "started" and fragment in error["message"] + (error.get("valid") or "")
    assert client.get("/api/v1/diary/episodes").json()["count"] == (0 if method == "post" else 1)


def test_an_empty_patch_is_422_naming_the_body_and_the_fields(client: TestClient) -> None:
    eid = client.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
    response = client.patch(f"/api/v1/diary/episodes/{eid}", json={})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "body" and "nothing to change" in error["message"] and "pain" in error["valid"]


def test_a_patch_keeps_the_named_time_zone(client: TestClient, sqlite_url: str) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from crampcare.diary import service

    started = dt.datetime(2024, 5, 8, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    eid = service.log_episode(EPISODE | {"started": started}, db_url=sqlite_url)["id"]
    response = client.patch(f"/api/v1/diary/episodes/{eid}", json={"pain": 4})
    assert response.status_code == 200
    assert response.json()["tz"] == "Europe/Berlin" and response.json()["started"] == "2024-05-08T02:30:00+02:00"
