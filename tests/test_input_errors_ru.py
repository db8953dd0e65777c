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


# --- the diary, imports and lab ranges (issue 15: every error a person reads) -------------------------------------

# Words a Russian diary message may keep besides MACHINE_WORDS: standards and products by their own names, and
# the sections of an export file (JSON keys).
PROPER_NAMES = {"UTC", "SQLite", "PostgreSQL", "URL", "CSV", "UTF", "crampcare", "GET", "PUT", "episodes", "checkins"}
EPISODE = {
    "started": "2024-05-01T23:40+02:00",
    "duration_minutes": 2,
    "muscle": "calf",
    "side": "left",
    "setting": "bed_night",
    "pain": 5,
}


def assert_russian_words(message: str, field: str) -> None:
    """As assert_russian, allowing the names of standards and products (UTC, SQLite, PostgreSQL…)."""
    assert re.search("[а-яё]", message), message
    assert not english_left(message), (message, english_left(message))
    without_times = re.sub(r"\d{4}-\d{2}-\d{2}T[\d:+\-.Z]*", " ", message)  # the T of an ISO 8601 time
    left = [w for w in english_words(without_times, field) if w not in PROPER_NAMES]
    assert not left, (message, left)


# (method, path, body, status, field, a fragment of the Russian message or valid text)
DIARY_REQUESTS: list[tuple[str, str, Any, int, str, str]] = [
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": "2024-05-01"}, 422, "started", "дата без времени"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": "2024-05-01T23:40"}, 422, "started", "часовой пояс"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": "2024-05-01T23:40+15:00"}, 422, "started", "+15:00"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": "2999-05-01T23:40+02:00"}, 422, "started", "год 2999"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": "1900-01-01T00:00+14:00"}, 422, "started", "1899"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"started": 12345}, 422, "started", "ISO 8601"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"pain": 15}, 422, "pain", "от 0 до 10"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"duration_minutes": 0.01}, 422, "duration_minutes", "0,05"),
    ("post", "/api/v1/diary/episodes", EPISODE | {"helper": "yes"}, 422, "helper", "true или false"),
    ("get", "/api/v1/diary/episodes/99", None, 404, "episode_id", "эпизода с номером 99 нет"),
    ("patch", "/api/v1/diary/episodes/99", {"pain": 3}, 404, "episode_id", "эпизода с номером 99 нет"),
    ("patch", "/api/v1/diary/episodes/1", {}, 422, "body", "изменять нечего"),
    ("get", "/api/v1/diary/checkins/2024-05-02", None, 404, "day", "отметки за 2 мая 2024 нет"),
    ("delete", "/api/v1/diary/checkins/2024-05-02", None, 404, "day", "отметки за 2 мая 2024 нет"),
    ("put", "/api/v1/diary/checkins", {"day": "2999-01-01"}, 422, "day", "год 2999"),
    ("put", "/api/v1/diary/checkins", {"day": 20240501}, 422, "day", "(получено: 20240501)"),
    ("put", "/api/v1/diary/checkins", {"day": "2024-05-01", "medicines": [" "]}, 422, "medicines", "пустое"),
    ("put", "/api/v1/diary/checkins", {"day": "2024-05-01", "water_litres": 20.5}, 422, "water_litres", "20,5"),
    ("get", "/api/v1/diary/profile", None, 404, "profile", "профиль ещё не сохранён"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field", "fragment"),
    DIARY_REQUESTS,
    ids=[f"{r[0]} {r[4]} {r[5]}" for r in DIARY_REQUESTS],
)
def test_the_api_says_a_bad_diary_request_in_russian(
    client: TestClient, method: str, path: str, body: Any, status: int, field: str, fragment: str
) -> None:
    assert client.post("/api/v1/diary/episodes", json=EPISODE).status_code == 201  # episode 1 exists
    options: dict[str, Any] = {} if body is None else {"json": body}
    by_query = getattr(client, method)(f"{path}?lang=ru", **options)
    by_header = getattr(client, method)(path, headers={"Accept-Language": "ru"}, **options)
    english = getattr(client, method)(path, **options)
    for answer in (by_query, by_header):
        assert answer.status_code == status, answer.text
        error = answer.json()["error"]
        assert error["field"] == field, error
        assert fragment in error["message"] + " " + (error["valid"] or ""), error
        assert_russian_words(error["message"], field)
        if error["valid"]:
            assert not english_left(error["valid"]), error["valid"]
    error_en = english.json()["error"]
    assert english.status_code == status and error_en["field"] == field
    assert not re.search("[а-яё]", error_en["message"] + (error_en["valid"] or "")), error_en


def test_a_bad_trigger_is_said_in_russian_with_the_ids_to_choose_from(client: TestClient) -> None:
    error = client.post("/api/v1/diary/episodes?lang=ru", json=EPISODE | {"triggers": ["zzz"]}).json()["error"]
    assert error["field"] == "triggers"
    said, _, choices = error["message"].partition(" (допустимо: ")
    assert said == "неизвестный провоцирующий фактор 'zzz'", error
    assert "heat" in choices and choices.endswith("; свободный текст пишите в примечание)"), error


def test_a_pydantic_template_shows_the_value_typed(client: TestClient) -> None:
    """pydantic formats {got} but not {got!r}: the English said "(got {got!r})" before."""
    error = client.post("/api/v1/diary/episodes", json=EPISODE | {"helper": "yes"}).json()["error"]
    assert error["message"] == "must be true or false (got 'yes')", error


def test_a_lab_value_out_of_range_says_the_range_with_a_decimal_comma_and_the_unit_in_russian(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {"age_years": 40, "labs": {"potassium": 0.5}}
    ru = client.post("/api/v1/assess?lang=ru", json=profile).json()["error"]
    assert ru["message"] == "labs.potassium: должно быть от 1,0 до 10,0 ммоль/л (получено: 0,5)", ru
    assert ru["valid"] == "от 1,0 до 10,0 ммоль/л"
    en = client.post("/api/v1/assess", json=profile).json()["error"]
    assert en["valid"] == "1.0 to 10.0 mmol/L" and "mmol" not in en["message"], en  # the message: pydantic's English
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"age_years": 40, "labs": {"egfr": 250.5}}), encoding="utf-8")
    code, out = run_cli(["--lang", "ru", "assess", "--profile", str(path)], capsys)
    assert code == 2
    assert out.strip().splitlines()[-1] == (
        "crampcare: labs.egfr: должно быть от 1,0 до 200,0 мл/мин/1,73 м² (получено: 250,5)"
    ), out
    code, out = run_cli(["--lang", "en", "assess", "--profile", str(path)], capsys)
    assert (
        out.strip().splitlines()[-1] == "crampcare: labs.egfr: must be between 1.0 and 200.0 mL/min/1.73 m² (got 250.5)"
    )


LOG = ["--muscle", "calf", "--side", "left", "--pain", "5", "--duration", "2", "--setting", "bed_night"]


def diary_cases(folder: Path) -> list[tuple[list[str], str, str]]:
    """(arguments after `--lang ru`, the field named, a fragment of the Russian line) for a diary at `folder`."""
    db = f"sqlite:///{folder / 'diary.db'}"
    (folder / "not-export.json").write_text('{"format": "x"}', encoding="utf-8")
    (folder / "short.csv").write_text(
        "started,muscle,side,setting,pain,duration_minutes\n2024-05-01T23:00+02:00,calf,left,bed_night,5\n",
        encoding="utf-8",
    )
    (folder / "noheader.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")
    (folder / "latin1.json").write_bytes(b'{"format": "caf\xe9"}')
    (folder / "twice.json").write_text(
        json.dumps(
            {
                "format": "crampcare-diary",
                "version": 1,
                "episodes": [],
                "checkins": [{"day": "2024-05-01"}, {"day": "2024-05-01"}],
            }
        ),
        encoding="utf-8",
    )
    return [
        (["diary", "log", "--db", db, "--at", "2024-05-01", *LOG], "--at", "дата без времени"),
        (["diary", "log", "--db", db, "--at", "yesterday", *LOG], "--at", "это не время: 'yesterday'"),
        (["diary", "log", "--db", db, "--at", "now", *LOG, "--pain", "15"], "--pain", "от 0 до 10 (получено: 15)"),
        (["diary", "log", "--db", db, "--at", "now", *LOG, "--duration", "0.01"], "--duration", "0,05 минуты (3 с"),
        (["diary", "edit", "99", "--db", db, "--pain", "3"], "ID", "эпизода с номером 99 нет"),
        (["diary", "checkin", "--db", db, "--day", "2024-05-02", "--delete"], "day", "отметки за 2 мая 2024 нет"),
        (["diary", "import", str(folder / "not-export.json"), "--db", db], "FILE", "это не выгрузка дневника"),
        (["diary", "import", str(folder / "short.csv"), "--db", db], "FILE", "строка 2: значений — 5"),
        (["diary", "import", str(folder / "noheader.csv"), "--db", db], "FILE", "в заголовке нет столбца"),
        (["diary", "import", str(folder / "empty.json"), "--db", db], "FILE", "пуст"),
        (["diary", "import", str(folder / "latin1.json"), "--db", db], "FILE", "не текст в UTF-8"),
        (["diary", "import", str(folder / "twice.json"), "--db", db], "", "день 2024-05-01 уже есть в строке"),
        (["diary", "import", str(folder / "missing.json"), "--db", db], "FILE", "не удаётся прочитать"),
        (["diary", "export", "--db", db, "--out", str(folder / "diary.db")], "--out", "уничтожила бы дневник"),
        (["diary", "list", "--db", f"sqlite:///{folder / 'nope' / 'x.db'}"], "--db", "файла дневника"),
        (["diary", "list", "--db", "mysql://x"], "--db", "неподдерживаемая база данных 'mysql'"),
        (["diary", "list", "--db", "sqlite:///:memory:"], "--db", "база данных в памяти"),
        (["diary", "backup", "--db", db, "--out", str(folder / "no" / "b.db")], "--out", "папки"),
    ]


def test_the_cli_says_bad_diary_input_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'diary.db'}"
    assert run_cli(["diary", "log", "--db", db, "--at", "2024-05-01T23:40+02:00", *LOG], capsys)[0] == 0
    for args, field, fragment in diary_cases(tmp_path):
        code, out = run_cli(["--lang", "ru", *args], capsys)
        line = out.strip().splitlines()[-1]
        assert code == 2, (args, out)
        assert line.startswith(f"crampcare: {field}: " if field else "crampcare: "), (args, line)
        assert fragment in line, (args, line)
        message = line.removeprefix("crampcare: ").removeprefix(f"{field}: ").split(" (допустимо: ")[0]
        assert_russian_words(re.sub(r"\S*/\S*", " ", message), field)  # the paths typed are not words
        code_en, out_en = run_cli(["--lang", "en", *args], capsys)
        line_en = out_en.strip().splitlines()[-1]
        assert code_en == 2 and not re.search("[а-яё]", line_en), (args, line_en)


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


# (a FHIR record sent to assess, the field named, a fragment of the Russian message)
FHIR_RECORDS: list[tuple[Any, str, str]] = [
    ({"resourceType": "Patient"}, "bundle", "resourceType должен быть Bundle, получено: 'Patient'"),
    (bundle(), "bundle.entry", "ресурсов Patient: 0"),
    (bundle({"resourceType": "Patient"}), "Patient/?.birthDate", "нужно для оценки"),
    (bundle({"resourceType": "Patient", "birthDate": "2999-01-01"}), "Patient/?.birthDate", "2999-01-01 — позже"),
    (bundle({"resourceType": "Pationt"}), "bundle", "'Pationt' — не тип ресурса R4"),
    (bundle({"resourceType": "Patient", "birthDate": 5}), "bundle", "birthDate: это не дата (получено: 5)"),
]


@pytest.mark.parametrize(("record", "field", "fragment"), FHIR_RECORDS, ids=[r[2] for r in FHIR_RECORDS])
def test_a_bad_fhir_record_is_said_in_russian_by_the_api_and_the_cli(
    client: TestClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record: Any,
    field: str,
    fragment: str,
) -> None:
    for headers, url in (({}, "/api/v1/assess/fhir?lang=ru"), ({"Accept-Language": "ru"}, "/api/v1/assess/fhir")):
        answer = client.post(url, json=record, headers=headers)
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["field"] == field and fragment in error["message"], error
        # FHIR's own names (resource types and elements) are what a program reads: they stay as they are.
        assert_russian_words(
            re.sub(r"\b(Patient|Pationt|Bundle|resourceType|entry|birthDate|R4)\b", " ", error["message"]), field
        )
    english = client.post("/api/v1/assess/fhir", json=record).json()["error"]
    assert english["field"] == field and not re.search("[а-яё]", english["message"]), english
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, out = run_cli(["--lang", "ru", "assess", "--fhir", str(path)], capsys)
    assert code == 2 and fragment in out.strip().splitlines()[-1], out


def test_search_and_control_characters_are_refused_in_russian(client: TestClient) -> None:
    error = client.get("/api/v1/search?q=%21%21&lang=ru").json()["error"]
    assert (error["field"], error["message"]) == ("query", "в поисковом запросе нет ни букв, ни цифр"), error
    note = client.post("/api/v1/diary/episodes?lang=ru", json=EPISODE | {"note": "a\u0007b"}).json()["error"]
    assert note["message"] == "содержит управляющий символ (U+0007) в позиции 2", note
    assert note["valid"] == "текст без управляющих символов (переводы строк и табуляция допустимы)"
    english = client.post("/api/v1/diary/episodes", json=EPISODE | {"note": "a\u0007b"}).json()["error"]
    assert english["message"] == "contains a control character (U+0007) at position 2", english
    body = client.post("/api/v1/assess/fhir?lang=ru", json=[1, 2]).json()["error"]
    assert body["message"] == "у тела запроса неверный тип значения (получено: [1, 2])", body


def test_a_key_given_twice_in_the_request_body_is_said_in_russian(client: TestClient) -> None:
    body = b'{"age_years": 8, "age_years": 80}'
    headers = {"Content-Type": "application/json"}
    ru = client.post("/api/v1/assess?lang=ru", content=body, headers=headers).json()["error"]
    assert ru["field"] == "age_years"
    assert ru["message"] == (
        "тело запроса: ключ 'age_years' указан больше одного раза; какое значение имелось в виду, угадать нельзя"
    ), ru
    assert ru["valid"] == "каждый ключ один раз в объекте"
    en = client.post("/api/v1/assess", content=body, headers=headers).json()["error"]
    assert en["message"].startswith("the request body: the key 'age_years' is given more than once"), en


def test_a_throttled_sign_in_is_said_in_russian() -> None:
    from crampcare import i18n
    from crampcare.api import throttle

    with i18n.use("ru"):
        assert throttle._too_many_said("sign-in", 30) == "слишком много попыток входа; попробуйте снова через 30 с"
        assert throttle._budget(5, 900) == "не больше 5 попыток за 900 с"
    assert throttle._too_many_said("sign-in", 30) == "too many sign-in attempts; try again in 30 s"


def test_broken_json_files_are_said_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile, export = tmp_path / "broken.json", tmp_path / "export.json"
    profile.write_text('{"age_years": 40,}', encoding="utf-8")
    export.write_text('{"format": "crampcare-diary",\n "version": 1 x}', encoding="utf-8")
    code, out = run_cli(["--lang", "ru", "assess", "--profile", str(profile)], capsys)
    assert code == 2 and out.strip().splitlines()[-1].endswith(
        "— некорректный JSON: ожидалось имя свойства в двойных кавычках в строке 1, столбец 18"
    ), out
    db = f"sqlite:///{tmp_path / 'diary.db'}"
    code, out = run_cli(["--lang", "ru", "diary", "import", str(export), "--db", db], capsys)
    assert code == 2 and out.strip().splitlines()[-1] == (
        "crampcare: FILE: строка 2: некорректный JSON: ожидалось ',' (столбец 15)"
    ), out
    code, out = run_cli(["--lang", "en", "diary", "import", str(export), "--db", db], capsys)
    assert out.strip().splitlines()[-1] == "crampcare: FILE: line 2: not valid JSON: expected ',' (column 15)", out
