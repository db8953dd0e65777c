"""Diary dates the core refuses come back as 422 in the error shape; a check-in can be deleted."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.conftest import EPISODE


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/diary/episodes", EPISODE | {"started": "0001-01-01T00:00:00+00:00"}, "started"),
        ("post", "/api/v1/diary/episodes", EPISODE | {"started": "9999-12-31T23:59:59-05:00"}, "started"),
        ("post", "/api/v1/diary/episodes", EPISODE | {"started": "2150-06-01T02:00:00+00:00"}, "started"),
        ("put", "/api/v1/diary/checkins", {"day": "9999-12-31"}, "day"),
    ],
)
def test_implausible_dates_are_422_naming_field_and_range(
    client: TestClient, method: str, path: str, body: dict[str, object], field: str
) -> None:
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and "1900–2200" in error["valid"]
    assert client.get("/api/v1/diary/stats").status_code == 200


def test_patching_an_episode_to_an_implausible_year_is_422(client: TestClient) -> None:
    eid = client.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
    response = client.patch(f"/api/v1/diary/episodes/{eid}", json={"started": "0001-01-01T00:00:00+00:00"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "started" and "1900–2200" in error["valid"]


def test_delete_checkin(client: TestClient) -> None:
    client.put("/api/v1/diary/checkins", json={"day": "2026-11-20", "water_litres": 1.5})
    deleted = client.delete("/api/v1/diary/checkins/2026-11-20")
    assert deleted.status_code == 200 and deleted.json()["water_litres"] == 1.5
    assert client.get("/api/v1/diary/checkins").json()["count"] == 0
    again = client.delete("/api/v1/diary/checkins/2026-11-20")
    assert again.status_code == 404 and again.json()["error"]["field"] == "day"
    assert client.delete("/api/v1/diary/checkins/someday").status_code == 422
