"""Bad input said in Russian (issue 15): the CLI and the API name the field, in Russian, with no English left.

A table of bad inputs is run with `--lang ru` (CLI) and with `?lang=ru` and `Accept-Language: ru` (API). Each
message must name its field, show none of the catalogue's English texts (tests/english_left.py) and no other
English word outside what the person typed, the field names and the ids a machine reads; the same input in
English keeps its English message.
"""

from __future__ import annotations

import contextvars
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.assessment.profile import Profile
from english_left import english_left

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# Words a Russian message may keep: field names and ids (what a program reads), formats and the examples' values.
MACHINE_WORDS = {"ISO", "JSON", "id", "api", "v1", "male", "female", "other", "true", "false"}
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")


def english_words(message: str, field: str) -> list[str]:
    """Latin words left in a message besides what was typed (quoted), field names (snake_case too), machine words."""
    names = set(Profile.model_fields) | set(re.findall(r"[A-Za-z_]+", field))
    text = QUOTED.sub(" ", message)
    words = re.findall(r"[A-Za-z][A-Za-z_]*", text)
    return [w for w in words if "_" not in w and w not in names and w not in MACHINE_WORDS]


def assert_russian(message: str, field: str) -> None:
    assert re.search("[а-яё]", message), message
    assert not english_left(message), (message, english_left(message))
    assert not english_words(message, field), (message, english_words(message, field))


# (profile, field the error names)
PROFILES: list[tuple[dict[str, Any], str]] = [
    ({"age_years": 400}, "age_years"),
    ({"age_years": "forty"}, "age_years"),
    ({}, "age_years"),
    ({"age_years": 40, "sex": "robot"}, "sex"),
    ({"age_years": 40, "symptoms": ["calf swellin"]}, "symptoms"),
    ({"age_years": 40, "symptoms": ["zzzzzz"]}, "symptoms"),
    ({"age_years": 40, "conditions": ["diabetis"]}, "conditions"),
    ({"age_years": 40, "sex": "male", "pregnancy_weeks": 20}, "pregnancy_weeks"),
    ({"age_years": 40, "medications": [""]}, "medications"),
    ({"age_years": 40, "medications": ["x" * 300]}, "medications"),
    ({"age_years": 40, "favourite_colour": "red"}, "favourite_colour"),
    ({"age_years": 40, "conditions": "diabetes"}, "conditions"),
    ({"age_years": 40, "vitals": {"systolic_bp": 80, "diastolic_bp": 120}}, "vitals.diastolic_bp"),
    ({"age_years": 40, "conditions": ["diabetes"], "keep_unchecked": ["gout"]}, "keep_unchecked"),
]
IDS = [json.dumps(p, ensure_ascii=False)[:40] for p, _ in PROFILES]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app: FastAPI = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'diary.db'}"))
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.mark.parametrize(("profile", "field"), PROFILES, ids=IDS)
def test_the_api_says_a_bad_profile_in_russian(client: TestClient, profile: dict[str, Any], field: str) -> None:
    by_query = client.post("/api/v1/assess?lang=ru", json=profile)
    by_header = client.post("/api/v1/assess", json=profile, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    english = client.post("/api/v1/assess", json=profile)
    for answer in (by_query, by_header):
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["field"].replace("[", ".").startswith(field.replace("[", ".")), error
        assert_russian(error["message"], error["field"])
        if error["valid"]:
            assert not english_left(error["valid"]), error["valid"]
    assert english.json()["error"]["field"] == by_query.json()["error"]["field"]
    assert not re.search("[а-яё]", english.json()["error"]["message"]), english.json()["error"]


def test_the_api_keeps_machine_parts_unchanged(client: TestClient) -> None:
    ru = client.post("/api/v1/assess?lang=ru", json={"age_years": 40, "sex": "robot"}).json()["error"]
    en = client.post("/api/v1/assess?lang=en", json={"age_years": 40, "sex": "robot"}).json()["error"]
    assert ru["code"] == en["code"] == "invalid_input"
    assert ru["field"] == en["field"] == "sex"
    assert "'female', 'male'" in ru["valid"]
    assert en["message"] == "sex: input should be 'female', 'male' or 'other'"


def test_an_unknown_intervention_is_said_in_russian(client: TestClient) -> None:
    answer = client.get("/api/v1/interventions/stretchng", headers={"Accept-Language": "ru"})
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["field"] == "id_or_name"
    assert error["message"].startswith("не найдено: мера помощи 'stretchng'; возможно, имелось в виду"), error
    english = client.get("/api/v1/interventions/stretchng").json()["error"]
    assert english["message"].startswith("unknown intervention 'stretchng'; did you mean"), english


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The console script's entry point in a context of its own (it makes its language active for the context)."""
    from crampcare.cli.main import run

    def call() -> int:
        try:
            run(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    code = contextvars.copy_context().run(call)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


@pytest.mark.parametrize(("profile", "field"), PROFILES, ids=IDS)
def test_the_cli_says_a_bad_profile_in_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: dict[str, Any], field: str
) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    code, out = run_cli(["--lang", "ru", "assess", "--profile", str(path)], capsys)
    assert code == 2, out
    line = out.strip().splitlines()[-1]
    assert line.startswith("crampcare: "), out
    named, _, message = line.removeprefix("crampcare: ").partition(": ")
    assert named.replace("[", ".").startswith(field.replace("[", ".")), line
    assert_russian(message.split(" (допустимо: ")[0], named)
    assert "(valid:" not in line, line
    code_en, out_en = run_cli(["--lang", "en", "assess", "--profile", str(path)], capsys)
    assert code_en == 2
    assert out_en.strip().splitlines()[-1].startswith(f"crampcare: {named}: "), out_en
