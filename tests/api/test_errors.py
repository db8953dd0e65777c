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
    assert error["valid"] == "1.0 to 10.0 mmol/L"


@pytest.mark.parametrize(
    ("profile", "field", "valid_part"),
    [
        ({"age_years": -5}, "age_years", "0"),
        ({"age_years": 30, "episode": {"pain": 12}}, "episode.pain", "0 to 10"),
        ({"age_years": 30, "episode": {"muscle": "knee"}}, "episode.muscle", "'calf'"),
        ({"age_years": 30, "symptoms": ["hiccups"]}, "symptoms[0]", "calf_swelling"),
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


def test_a_likely_misspelling_can_be_kept_unchecked_through_the_api(client: TestClient) -> None:
    # Issue 11 §5: the error names the suggestion and the way out; the same profile with keep_unchecked gets a plan.
    profile: dict[str, Any] = {"age_years": 70, "conditions": ["kidny disease"]}
    error = error_of(client.post("/api/v1/assess", json=profile))
    assert error["field"] == "conditions[0]" and "did you mean 'kidney disease'" in error["message"]
    assert "'kidney disease'" in error["valid"] and "keep_unchecked" in error["valid"]
    kept = client.post("/api/v1/assess", json={**profile, "keep_unchecked": ["kidny disease"]})
    assert kept.status_code == 200, kept.text
    plan = kept.json()
    assert plan["unchecked_conditions"] == ["kidny disease"]
    assert any("rather than use 'kidney disease'" in w for w in plan["warnings"])
    stray = error_of(client.post("/api/v1/assess", json={**profile, "keep_unchecked": ["gout"]}))
    assert stray["field"] == "keep_unchecked" and "'gout' is not one of the conditions" in stray["message"]
    assert "'kidny disease'" in stray["valid"]


def test_keep_unchecked_is_in_the_openapi_profile_schema(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    field = next(
        s["properties"]["keep_unchecked"] for s in schemas.values() if "keep_unchecked" in s.get("properties", {})
    )
    assert field["type"] == "array" and field["items"]["maxLength"] == 200
    assert "conditions" in field["description"]


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


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_not_sent_as_json_says_so(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/api/v1/assess", content=b'{"age_years": 40}', headers=headers)
    error = error_of(response)
    assert response.status_code == 415
    assert error["field"] == "Content-Type" and error["valid"] == "application/json"


def test_an_empty_body_says_it_is_empty(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=b"", headers={"content-type": "application/json"})
    error = error_of(response)
    assert response.status_code == 422
    assert error["message"] == "the request body is empty" and "JSON object" in error["valid"]


def test_broken_json_does_not_name_a_character_offset_as_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/diary/episodes", content=b"{", headers={"content-type": "application/json"})
    error = error_of(response)
    assert response.status_code == 422 and error["field"] is None


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/assess", {"age_years": True}, "age_years"),
        ("/api/v1/diary/checkins", {"day": "2024-01-01", "water_litres": True}, "water_litres"),
    ],
)
def test_true_or_false_is_not_read_as_a_number(client: TestClient, path: str, body: dict[str, Any], field: str) -> None:
    response = client.request("POST" if path.endswith("assess") else "PUT", path, json=body)
    error = error_of(response)
    assert response.status_code == 422
    assert error["field"] == field and error["valid"] == "a number"


def test_assess_accepts_everyday_symptom_names_and_suggests_close_ones(client: Any) -> None:
    ok = client.post("/api/v1/assess", json={"age_years": 40, "symptoms": ["swollen calf"]})
    assert ok.status_code == 200 and ok.json()["triage"]["level"] == "urgent"
    bad = client.post("/api/v1/assess", json={"age_years": 40, "symptoms": ["calf_sweling"]})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["field"] == "symptoms[0]" and "did you mean 'calf_swelling'" in error["message"]


def test_the_openapi_document_declares_every_error_status_the_api_sends(client: Any) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/api/v1/assess"]["post"]["responses"]
    assert {"413", "415", "422", "500"} <= set(responses)
    assert responses["415"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


@pytest.mark.parametrize(
    "body",
    [
        b'{"a":' * 5000,  # nested deeper than the decoder goes
        b'{"limit": ' + b"9" * 5000 + b"}",  # a number too long to convert
        b'{"note": "\xff\xfe"}',  # not UTF-8
    ],
)
def test_a_body_the_decoder_cannot_read_names_the_body(client: TestClient, body: bytes) -> None:
    response = client.post("/api/v1/diary/episodes", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert error["field"] == "body" and error["valid"], error


def test_a_405_lists_every_method_of_the_path() -> None:
    import tempfile

    from crampcare.api.app import create_app
    from crampcare.api.settings import Settings

    from .conftest import make_client

    app = create_app(Settings(database_url=f"sqlite:///{tempfile.mkdtemp()}/d.db"))
    with make_client(app) as c:
        response = c.put("/api/v1/diary/episodes/1", json={})
        assert response.status_code == 405
        assert set(response.headers["allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
        assert response.json()["error"]["code"] == "method_not_allowed"
        spec = c.get("/openapi.json").json()
        for status in ("400", "401", "405", "413", "429"):
            assert status in spec["paths"]["/api/v1/diary/episodes"]["post"]["responses"], status


def test_put_profile_documents_the_real_profile_schema() -> None:
    import tempfile

    from crampcare.api.app import create_app
    from crampcare.api.settings import Settings

    from .conftest import make_client

    with make_client(create_app(Settings(database_url=f"sqlite:///{tempfile.mkdtemp()}/d.db"))) as c:
        spec = c.get("/openapi.json").json()
        body = spec["paths"]["/api/v1/diary/profile"]["put"]["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Profile"}
        saved = c.put("/api/v1/diary/profile", json={"age_years": 70, "medications": ["Lasix"]})
        stored = saved.json()["profile"]
        assert saved.status_code == 200 and stored["age_years"] == 70 and stored["medications"] == ["Lasix"]
        bad = c.put("/api/v1/diary/profile", json={"age_years": "old"})
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "age_years"


def test_a_computation_out_of_time_is_a_503_to_retry_not_a_verdict() -> None:
    from crampcare.api.errors import from_crampcare
    from crampcare.errors import BusyError

    error = from_crampcare(BusyError("the meal planner stopped at its 5 s limit; try again in a moment"))
    assert error.status == 503 and error.body.code == "busy" and error.headers == {"Retry-After": "5"}
    assert "try again" in error.body.message
