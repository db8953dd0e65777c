"""/api/v1/experiments: create, list, get, today, stop, report.pdf; errors in the one shape; per user on a server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

from .conftest import TestClient, drop_user_schemas, make_client, server_settings
from .test_accounts import sign_up

STRETCH = {"intervention": "nightly_calf_hamstring_stretching", "seed": 5}


def test_the_experiment_lifecycle(client: TestClient) -> None:
    assert client.put("/api/v1/diary/profile", json={"age_years": 64}).status_code == 200
    created = client.post("/api/v1/experiments", json=STRETCH)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "run_in" and body["design"]["seed"] == 5 and len(body["schedule"]) == 7
    assert body["result"]["verdict"] == "not_enough_data"
    listed = client.get("/api/v1/experiments").json()
    assert listed["count"] == 1 and listed["items"][0]["verdict"] == "not_enough_data"
    today = client.get("/api/v1/experiments/today").json()
    assert today["arm"] == "baseline" and today["ask"]
    recorded = client.post("/api/v1/experiments/today", json={"done": False, "note": "usual evening"}).json()
    assert recorded["checkin"]["done"] is False and recorded["checkin"]["note"] == "usual evening"
    assert client.get(f"/api/v1/experiments/{body['id']}").json()["checkins"][0]["done"] is False
    pdf = client.get(f"/api/v1/experiments/{body['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    stopped = client.post("/api/v1/experiments/stop", json={"reason": "travel"}).json()
    assert stopped["status"] == "stopped" and stopped["stop_reason"] == "travel"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"intervention": "quinine"}, "clinician"),
        ({"intervention": "homeopathy"}, "intervention"),
        ({"intervention": "nightly_calf_hamstring_stretching", "pairs": 2}, "pairs"),
        ({"intervention": "nightly_calf_hamstring_stretching", "mid_per_week": 100}, "mid_per_week"),
        ({"intervention": "nightly_calf_hamstring_stretching", "colour": "red"}, "colour"),
        ({"intervention": "nightly_calf_hamstring_stretching", "start": "9999-12-30"}, "start"),
        ({"intervention": "nightly_calf_hamstring_stretching", "seed": 2**64}, "seed"),
    ],
)
def test_refusals_use_the_error_shape(client: TestClient, body: dict[str, object], field: str) -> None:
    client.put("/api/v1/diary/profile", json={"age_years": 64})
    response = client.post("/api/v1/experiments", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and error["message"]


def test_missing_experiment_is_an_error_not_a_crash(client: TestClient) -> None:
    assert client.get("/api/v1/experiments/today").status_code == 404
    assert client.get("/api/v1/experiments/7").status_code == 404


def test_what_the_diary_state_does_not_allow_is_409_naming_the_field(client: TestClient) -> None:
    # Well-formed requests the present state refuses are conflicts, not invalid input (the schema cannot say them).
    without_profile = client.post("/api/v1/experiments", json=STRETCH)
    assert without_profile.status_code == 409 and without_profile.json()["error"]["field"] == "profile"
    client.put("/api/v1/diary/profile", json={"age_years": 64})
    assert client.post("/api/v1/experiments", json=STRETCH).status_code == 201
    again = client.post("/api/v1/experiments", json=STRETCH)
    assert again.status_code == 409 and again.json()["error"]["field"] == "intervention"
    not_paused = client.post("/api/v1/experiments/resume")
    assert not_paused.status_code == 409 and not_paused.json()["error"]["field"] == "resume"
    assert client.post("/api/v1/experiments/stop", json={}).status_code == 200
    stopped = client.post("/api/v1/experiments/stop", json={})
    assert stopped.status_code == 409 and stopped.json()["error"]["field"] == "stop"


def test_an_unknown_intervention_names_its_field(client: TestClient) -> None:
    client.put("/api/v1/diary/profile", json={"age_years": 64})
    response = client.post("/api/v1/experiments", json={"intervention": "no such thing"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "intervention"


@pytest.fixture
def server_app(db_url: str) -> Iterator[FastAPI]:
    settings: Settings = server_settings(db_url)
    yield create_app(settings)
    if db_url.startswith("postgresql"):
        drop_user_schemas(db_url)


def test_each_account_has_its_own_experiments(server_app: FastAPI) -> None:
    with make_client(server_app) as alice, make_client(server_app) as bob:
        sign_up(alice, "alice")
        sign_up(bob, "bob")
        alice.put("/api/v1/diary/profile", json={"age_years": 50})
        assert alice.post("/api/v1/experiments", json=STRETCH).status_code == 201
        assert bob.get("/api/v1/experiments").json()["count"] == 0
        assert bob.get("/api/v1/experiments/1").status_code == 404
        assert bob.get("/api/v1/experiments/today").status_code == 404
