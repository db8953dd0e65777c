"""Control characters (NUL above all, which PostgreSQL cannot store) are refused with 422 naming the field:
in the API, the web forms, the CLI and imports, on both databases (crampcare.plaintext)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.plaintext import check_text, first_control

from .conftest import EPISODE, TestClient, drop_user_schemas, make_client, server_settings
from .test_accounts import csrf, sign_up

BAD = ["a\x00b", "\x07bell", "esc\x1b[31m", "del\x7f", "c1\x85", "lone \ud800 surrogate"]


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with make_client(create_app(Settings(database_url=db_url))) as c:
        yield c


def test_line_breaks_and_tabs_are_text() -> None:
    assert first_control("two\nlines\r\nand\ta tab, ünïcode ✓") is None
    assert first_control("a\x00b") == (1, "\x00")
    with pytest.raises(Exception, match="U\\+0000"):
        check_text("a\x00", field="note")


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("field", ["note", "trigger_note"])
def test_episode_text_with_a_control_character_is_422_naming_the_field(api: TestClient, field: str, bad: str) -> None:
    # json.dumps escapes as \\u0000 / \\ud800, as a client would send them
    body = json.dumps(EPISODE | {field: bad})
    response = api.post("/api/v1/diary/episodes", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field
    # pydantic refuses a lone surrogate itself ("unable to parse raw data as a unicode string")
    assert "control character" in error["message"] or "unicode" in error["message"]
    assert api.get("/api/v1/diary/episodes").json()["count"] == 0


def test_edits_checkins_and_profiles_refuse_control_characters_too(api: TestClient) -> None:
    created = api.post("/api/v1/diary/episodes", json=EPISODE | {"note": "fine"}).json()
    edit = api.patch(f"/api/v1/diary/episodes/{created['id']}", json={"note": "x\x00"})
    assert edit.status_code == 422 and edit.json()["error"]["field"] == "note"
    checkin = api.put("/api/v1/diary/checkins", json={"day": "2026-11-20", "note": "\x00"})
    assert checkin.status_code == 422 and checkin.json()["error"]["field"] == "note"
    medicine = api.put("/api/v1/diary/checkins", json={"day": "2026-11-20", "medicines": ["mag\x00"]})
    assert medicine.status_code == 422 and medicine.json()["error"]["field"] == "medicines"
    profile = api.put("/api/v1/diary/profile", json={"age_years": 40, "medications": ["furo\x00semide"]})
    assert profile.status_code == 422 and profile.json()["error"]["field"].startswith("medications")
    assess = api.post("/api/v1/assess", json={"age_years": 40, "conditions": ["diabetes\x1b"]})
    assert assess.status_code == 422 and assess.json()["error"]["field"].startswith("conditions")
    assert api.get(f"/api/v1/diary/episodes/{created['id']}").json()["note"] == "fine"  # nothing changed


def test_a_note_with_line_breaks_is_stored_as_typed(api: TestClient) -> None:
    created = api.post("/api/v1/diary/episodes", json=EPISODE | {"note": "woke at 3\n\tstretched"})
    assert created.status_code == 201 and created.json()["note"] == "woke at 3\n\tstretched"


def test_the_web_form_refuses_a_control_character(sqlite_url: str) -> None:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        fields = {
            "csrf_token": csrf(c, "/diary"),
            "started": "2026-11-20T23:10",
            "tz": "Europe/Berlin",
            "duration_minutes": "3",
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": "6",
            "note": "a\x00b",
        }
        response = c.post("/diary/episodes", data=fields)
        assert response.status_code == 422
        assert "control character" in response.text
        assert c.get("/api/v1/diary/episodes").json()["count"] == 0


def test_a_nul_in_a_login_name_is_a_plain_failed_login(db_url: str) -> None:
    settings = server_settings(db_url)
    try:
        with make_client(create_app(settings)) as c:
            sign_up(c, "bob")
            token = csrf(c, "/login")
            c.post("/logout", data={"csrf_token": token})
            response = c.post(
                "/login",
                data={"csrf_token": csrf(c, "/login"), "username": "bob\x00", "password": "correct horse battery"},
            )
            assert response.status_code == 401
            assert c.get("/api/v1/health").status_code == 200  # the server (and its connections) still work
    finally:
        if db_url.startswith("postgresql"):
            drop_user_schemas(db_url)


def _crampcare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=120)


def test_the_cli_refuses_a_control_character_with_exit_2(db_url: str) -> None:
    done = _crampcare(
        "diary",
        "log",
        "--db",
        db_url,
        "--muscle",
        "calf",
        "--side",
        "left",
        "--pain",
        "6",
        "--duration",
        "2",
        "--setting",
        "bed_night",
        "--at",
        "2026-11-20T23:10+01:00",
        "--note",
        "a\x07b",
    )
    assert done.returncode == 2, done.stderr
    assert "note" in done.stderr and "control character" in done.stderr


def test_an_import_names_the_line_and_field_and_imports_nothing(db_url: str, tmp_path: Path) -> None:
    from crampcare.diary.importexport import import_file
    from crampcare.diary.service import list_episodes
    from crampcare.errors import InputError

    good: dict[str, Any] = {
        "started": "2026-11-20T23:10:00+01:00",
        "duration_minutes": 2,
        "muscle": "calf",
        "side": "left",
        "setting": "bed_night",
        "pain": 6,
    }
    lines = [
        "{",
        '  "format": "crampcare-diary",',
        '  "version": 1,',
        '  "profile_versions": [],',
        '  "episodes": [',
        "    " + json.dumps(good) + ",",
        "    " + json.dumps(good | {"note": "x\x00"}),
        "  ],",
        '  "checkins": []',
        "}",
    ]
    path = tmp_path / "diary.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(path, db_url=db_url)
    assert "line 7" in caught.value.message and "note" in caught.value.message
    assert "control character" in caught.value.message
    assert list_episodes(db_url=db_url) == []
