"""Issue 19 §5: a JSON body naming a key twice is refused with 422 naming the key, on every JSON route."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_api_body_with_a_key_twice_is_422_naming_the_key(client: TestClient) -> None:
    body = b'{"age_years": 80, "labs": {"potassium": 4.0, "potassium": 7.0}}'
    response = client.post("/api/v1/assess", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "labs.potassium"
    ok = client.post("/api/v1/assess", content=b'{"age_years": 80}', headers={"content-type": "application/json"})
    assert ok.status_code == 200


def test_diary_api_body_with_a_key_twice_is_refused(client: TestClient) -> None:
    body = b'{"day": "2026-11-01", "water_litres": 1.0, "water_litres": 3.0}'
    response = client.put("/api/v1/diary/checkins", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "water_litres"
