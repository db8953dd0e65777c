"""DNS rebinding: a server answers only the Host names it is reached by (api.hosts)."""

from __future__ import annotations

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings, host_name
from crampcare.errors import InputError

from .conftest import SECRET, TestClient


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]", "[::1]:8000", "localhost."]
)
def test_local_mode_answers_its_loopback_names(sqlite_url: str, host: str) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url)), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/diary/episodes", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io", "localhost.attacker.example", "", "[::2]"],
)
def test_local_mode_refuses_a_rebinding_name_before_reading_or_writing(sqlite_url: str, host: str) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url)), raise_server_exceptions=False) as c:
        read = c.get("/api/v1/diary/episodes", headers={"Host": host})
        write = c.post(
            "/api/v1/diary/episodes",
            headers={"Host": host},
            json={
                "started": "2026-11-20T23:10:00+01:00",
                "duration_minutes": 3,
                "muscle": "calf",
                "side": "left",
                "setting": "bed_night",
                "pain": 6,
            },
        )
        page = c.get("/diary", headers={"Host": host})
        stored = c.get("/api/v1/diary/episodes", headers={"Host": "127.0.0.1:8000"}).json()
    assert read.status_code == write.status_code == page.status_code == 400
    error = read.json()["error"]
    assert error["field"] == "Host" and error["code"] == "bad_request"
    assert "127.0.0.1" in error["valid"] and "localhost" in error["valid"] and "[::1]" in error["valid"]
    assert stored["count"] == 0  # the refused write wrote nothing


def test_server_mode_answers_only_its_configured_names(sqlite_url: str) -> None:
    settings = Settings(
        host="0.0.0.0", database_url=sqlite_url, secret_key=SECRET, allowed_hosts=("diary.example.org",)
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/health", headers={"Host": "diary.example.org"}).status_code == 200
        assert c.get("/api/v1/health", headers={"Host": "diary.example.org:443"}).status_code == 200
        assert c.get("/api/v1/health", headers={"Host": "127.0.0.1"}).status_code == 400
        assert c.get("/api/v1/health", headers={"Host": "evil.example"}).status_code == 400


def test_a_server_bound_to_one_name_answers_that_name() -> None:
    settings = Settings(host="192.0.2.10", secret_key=SECRET)
    assert settings.accepted_hosts == {"192.0.2.10"}


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::"])
def test_a_server_on_every_interface_must_name_its_hosts(host: str) -> None:
    with pytest.raises(InputError) as caught:
        Settings(host=host, secret_key=SECRET).check()
    assert caught.value.field == "CRAMPCARE_ALLOWED_HOSTS"


def test_host_names_lose_port_case_and_brackets() -> None:
    assert host_name("Example.ORG:8000") == "example.org"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("localhost.") == "localhost"
