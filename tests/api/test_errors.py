"""Every 4xx and 5xx answers one JSON shape that names the field and what would be valid."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from .conftest import TestClient, make_client


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"status", "code", "message", "field", "valid", "details"} <= set(error)
    assert error["status"] == response.status_code
    return dict(error)


def test_out_of_range_lab_names_field_and_full_range(client: TestClient) -> None:
    error = error_of(client.post("/api/v1/assess", json={"age_years": 40, "labs": {"potassium": 50}}))
    assert error["field"] == "labs.potassium"
    assert error["valid"] == "1.0 to 10.0"


@pytest.mark.parametrize(
    ("profile", "field", "valid_part"),
    [
        ({"age_years": -5}, "age_years", "0"),
        ({"age_years": 30, "episode": {"pain": 12}}, "episode.pain", "0 to 10"),
        ({"age_years": 30, "episode": {"muscle": "knee"}}, "episode.muscle", "'calf'"),
        ({"age_years": 30, "symptoms": ["hiccups"]}, "symptoms.0", "calf_swelling"),
        ({"age_years": 30, "shoe_size": 42}, "shoe_size", "age_years"),
        ({}, "age_years", "required"),
    ],
)
def test_bad_profiles_name_the_field(client: TestClient, profile: dict[str, Any], field: str, valid_part: str) -> None:
    response = client.post("/api/v1/assess", json=profile)
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == field
    assert valid_part in (error["valid"] or "")


def test_pregnancy_in_a_male_names_pregnancy_weeks(client: TestClient) -> None:
    error = error_of(client.post("/api/v1/assess", json={"age_years": 30, "sex": "male", "pregnancy_weeks": 10}))
    assert error["field"] == "pregnancy_weeks"
    assert "male" in error["message"]


def test_unknown_condition_offers_close_matches(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"age_years": 30, "conditions": ["diabetis"]})
    error = error_of(response)
    assert response.status_code == 422
    assert error["code"] == "unknown_name"
    assert "did you mean" in error["message"]


def test_broken_json_says_so(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=b'{"age_years": 4', headers={"content-type": "application/json"})
    error = error_of(response)
    assert response.status_code == 422
    assert "not valid JSON" in error["message"]


def test_body_over_the_limit_is_413_in_the_same_shape(client: TestClient) -> None:
    big = b'{"age_years": 30, "conditions": ["' + b"x" * 70_000 + b'"]}'
    response = client.post("/api/v1/assess", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert error_of(response)["valid"] == "at most 65536 bytes"


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 4096

    response = client.post("/api/v1/assess", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    error_of(response)


def test_unknown_api_path_and_method_use_the_shape(client: TestClient) -> None:
    assert error_of(client.get("/api/v1/no-such-thing"))["code"] == "not_found"
    assert error_of(client.delete("/api/v1/health"))["code"] == "method_not_allowed"


def test_internal_error_is_500_in_the_shape_without_details(local_app: FastAPI) -> None:
    @local_app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with make_client(local_app) as c:
        response = c.get("/api/v1/boom")
    error = error_of(response)
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "nothing you saved was lost" in error["message"]


def test_web_paths_get_an_html_error_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="error-page"' in response.text
