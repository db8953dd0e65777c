"""JsonBodyRoute: the bytes go to pydantic-core, and every response is what FastAPI's own handler gives."""

from __future__ import annotations

import json
import warnings
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Body, Depends, FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationInfo, field_validator

from crampcare.api import errors
from crampcare.api.json_body import JsonBodyRoute, StrictJsonRoute
from crampcare.api.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MODES: list[str] = []


class Profileish(BaseModel):
    age_years: float = Field(ge=0, le=120)
    names: list[str] = []

    @field_validator("age_years")
    @classmethod
    def _record_mode(cls, value: float, info: ValidationInfo) -> float:
        MODES.append(info.mode)  # "json": validated from the bytes; "python": FastAPI's dict path
        return value


async def echo(body: Profileish) -> Response:
    return Response(body.model_dump_json(), media_type="application/json")


def echo_dict(body: Annotated[dict[str, Any], Body()]) -> Response:
    return Response(json.dumps(body, sort_keys=True), media_type="application/json")


def _app() -> FastAPI:
    app = FastAPI()
    app.state.settings = Settings()
    errors.install(app)
    fast = APIRouter(route_class=JsonBodyRoute)
    fast.post("/fast")(echo)
    standard = APIRouter(route_class=StrictJsonRoute)  # FastAPI's handler; a key given twice is refused on both
    standard.post("/standard")(echo)
    app.include_router(fast, prefix="/api")
    app.include_router(standard, prefix="/api")
    plain = APIRouter()  # FastAPI's own route class: what the strict route must answer for every body it accepts
    plain.post("/plain")(echo)
    plain.post("/plain-dict")(echo_dict)
    strict_dict = APIRouter(route_class=StrictJsonRoute)
    strict_dict.post("/standard-dict")(echo_dict)
    app.include_router(plain, prefix="/api")
    app.include_router(strict_dict, prefix="/api")
    return app


CLIENT = TestClient(_app(), raise_server_exceptions=False)
BODIES: list[tuple[bytes, str | None]] = [
    (b'{"age_years": 40, "names": ["a"]}', "application/json"),
    (b'{"age_years": "40"}', "application/json"),
    (b'{"age_years": 40}', "application/json; charset=utf-8"),
    (b'{"age_years": 40}', "application/vnd.api+json"),
    (b'{"age_years": 40}', "text/plain"),
    (b'{"age_years": 40}', None),
    (b'{"age_years": 4', "application/json"),
    (b"", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"null", "application/json"),
    (b"{}", "application/json"),
    (b'{"age_years": 400}', "application/json"),
    (b'{"age_years": "old", "names": [1]}', "application/json"),
    (b'{"age_years": NaN}', "application/json"),
    (b'{"age_years": 40, "names": ["\xff"]}', "application/json"),
    (b'{"age_years": 40, "age_years": 41}', "application/json"),
]


def _post(path: str, body: bytes, content_type: str | None) -> tuple[int, bytes]:
    response = CLIENT.post(path, content=body, headers={"content-type": content_type} if content_type else {})
    return response.status_code, response.content


@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_every_response_is_the_standard_handlers(body: bytes, content_type: str | None) -> None:
    assert _post("/api/fast", body, content_type) == _post("/api/standard", body, content_type)


def test_a_key_given_twice_is_refused_on_both_paths() -> None:
    for path in ("/api/fast", "/api/standard"):
        status, content = _post(path, b'{"age_years": 40, "age_years": 41}', "application/json")
        assert status == 422 and b'"field":"age_years"' in content


def test_a_valid_json_body_is_validated_from_the_bytes() -> None:
    MODES.clear()
    assert _post("/api/fast", b'{"age_years": 40}', "application/json")[0] == 200
    assert MODES == ["json"]


def test_an_invalid_body_falls_back_to_fastapi_and_keeps_the_range_in_the_error() -> None:
    status, content = _post("/api/fast", b'{"age_years": 400}', "application/json")
    assert status == 422
    assert b'"field":"age_years"' in content and b'"valid":"0 to 120"' in content


def test_dependencies_of_an_including_router_are_still_run() -> None:
    def refuse() -> None:
        raise errors.ApiError(403, "refused by the parent router")

    inner = APIRouter(route_class=JsonBodyRoute)
    inner.post("/guarded")(echo)
    parent = APIRouter(dependencies=[Depends(refuse)])
    parent.include_router(inner)
    app = FastAPI()
    errors.install(app)
    app.include_router(parent)
    client = TestClient(app, raise_server_exceptions=False)
    assert client.post("/guarded", json={"age_years": 40}).status_code == 403


def test_the_assess_route_documents_the_profile_body(client: Any) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/assess"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Profile"}


@pytest.mark.parametrize(("body", "content_type"), BODIES[:-1])
@pytest.mark.parametrize("kind", ["", "-dict"])
def test_the_strict_route_answers_as_fastapis_own_route(body: bytes, content_type: str | None, kind: str) -> None:
    assert _post(f"/api/standard{kind}", body, content_type) == _post(f"/api/plain{kind}", body, content_type)


def test_the_strict_route_parses_a_json_body_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The duplicate-key check's parse is the one FastAPI uses (Starlette's `request.json()` never parses again)."""
    import starlette.requests

    class Refuses:
        @staticmethod
        def loads(_text: Any) -> Any:
            raise AssertionError("the body was parsed a second time")

    body = b'{"b": [1, {"c": null}], "a": 2.5, "\\u00e9": "x"}'
    expected = _post("/api/plain-dict", body, "application/json")
    assert expected[0] == 200
    monkeypatch.setattr(starlette.requests, "json", Refuses)
    assert _post("/api/standard-dict", body, "application/json") == expected
    assert _post("/api/plain-dict", body, "application/json")[0] != 200  # FastAPI's own route parses it again
