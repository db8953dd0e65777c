"""Experiments in Russian (issue 15): the protocol's texts all have their Russian, the numbers' forms agree, and the
API (`lang=ru`) and the web pages (Accept-Language) say every text of an experiment without English."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from crampcare import i18n
from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.diary import service as diary
from crampcare.errors import InputError
from crampcare.experiments.config import PROTOCOL_FILE, Protocol, protocol, russian_problems
from english_left import english_left, iso_dates_left

with warnings.catch_warnings():  # Starlette asks for the `httpx2` fork; `httpx` still works (as tests/api/conftest)
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

STRETCH = "nightly_calf_hamstring_stretching"
# What may stay in Latin letters in an experiment's Russian texts: a command or option to type (in backticks or
# starting with --) with the yes/no typed after --done, an id, the arm letters A and B, and each pair's drawn order
# (AB, BA) after the seed.
KEPT = re.compile(r"`[^`]*`|--[a-z][\w-]*(?: (?:yes|no)\b)?|(?<=\d: )(?:(?:AB|BA)\b ?)+|\S*[_\d]\S*|\b[AB]\b")
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){2,}")


def _leaves(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    else:
        yield " ".join(str(node).split())


def protocol_english() -> list[str]:
    """The protocol's English texts, cut at their placeholders: the pieces of two words or more."""
    config = protocol()
    texts = [*_leaves(config.texts), *_leaves(config.not_testable), *_leaves(config.not_testable_kinds)]
    pieces = [piece.strip(" :;,.()") for text in texts for piece in re.split(r"\{[^}]*\}", text)]
    return [piece for piece in pieces if len(piece.split()) >= 2]


def assert_russian(texts: list[str]) -> None:
    """No catalogue English, no English of the protocol's texts, no run of three Latin words besides `KEPT`, and
    no ISO date (a date is written as the reader writes it)."""
    assert texts
    for text in texts:
        assert iso_dates_left(text) == [], (iso_dates_left(text), text)
        assert english_left(text) == [], (english_left(text), text)
        assert [piece for piece in protocol_english() if piece in text] == [], text
        assert LATIN_RUN.findall(KEPT.sub(" | ", text)) == [], text


def test_the_check_finds_english_of_the_protocol() -> None:
    with pytest.raises(AssertionError):
        assert_russian(["сегодня: no Растяжка tonight (B)"])
    with pytest.raises(AssertionError):
        assert_russian(["Ответ: not enough data yet"])
    with pytest.raises(AssertionError):
        assert_russian(["эксперимент начнётся 2026-12-08"])
    assert_russian(["запишите: --done no (всё как обычно) или --done yes; `crampcare experiment report`"])
    assert_russian(["эксперимент начнётся 8 декабря 2026; другой день: --day 2026-12-09"])


def test_every_protocol_text_has_its_russian() -> None:
    assert list(russian_problems(protocol())) == []
    data = yaml.safe_load(PROTOCOL_FILE.read_text(encoding="utf-8"))
    assert set(data["ru"]["texts"]) == set(data["texts"])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["ru"]["texts"]["reason"].pop("worse"), "ru.texts.reason: keys ['worse']"),
        (lambda d: d["ru"]["texts"]["caveats"].pop(), "ru.texts.caveats: 5 entries are expected"),
        (lambda d: d["ru"]["not_testable"].pop("reassurance"), "ru.not_testable: keys ['reassurance']"),
        (lambda d: d["ru"]["texts"]["arm"].update(A="с мерой"), "ru.texts.arm.A: placeholders [] differ"),
        (lambda d: d["ru"]["texts"]["verdict"].update(helps="helps"), "ru.texts.verdict.helps: not Russian"),
        (lambda d: d["ru"]["texts"]["report"]["washout"].pop("few"), "ru.texts.report.washout: a plural text"),
    ],
)
def test_a_missing_or_broken_russian_text_is_refused(change: Any, problem: str) -> None:
    data = yaml.safe_load(PROTOCOL_FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ValidationError) as caught:
        Protocol.model_validate(data)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("key", "count", "expected"),
    [
        ("washout", 1, "первый 1 день каждого периода не учитывается"),
        ("washout", 3, "первые 3 дня каждого периода не учитываются"),
        ("washout", 5, "первые 5 дней каждого периода"),
        ("washout", 21, "первый 21 день"),
        ("unchecked", 1, "1 ночь с судорогами в дни без отметки не учтена."),
        ("unchecked", 2, "2 ночи с судорогами в дни без отметки не учтены."),
        ("unchecked", 11, "11 ночей с судорогами"),
        ("unchecked", 22, "22 ночи с судорогами"),
    ],
)
def test_the_russian_forms_agree_with_the_number(key: str, count: int, expected: str) -> None:
    values = {"washout": {"days": count}, "unchecked": {"n": count}}[key]
    with i18n.use("ru"):
        assert expected in protocol().text("report", key, **values)
    assert protocol().text("report", key, **values).startswith(("; the first", f"{count} cramp night(s)"))


@pytest.mark.parametrize(("pairs", "expected"), [(3, "3 пары периодов"), (5, "5 пар периодов")])
def test_the_design_says_pairs_in_the_right_form(pairs: int, expected: str) -> None:
    values = {"run_in": "", "weeks": 2, "seed": 1, "orders": "AB", "washout": "", "name": "x", "pairs": pairs}
    with i18n.use("ru"):
        assert protocol().text("report", "design_text", **values).startswith(expected)


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def _texts(state: dict[str, Any]) -> list[str]:
    """Every text a person reads in an experiment's JSON (not its ids, codes and dates)."""
    result = state["result"]
    return [
        state["status_text"],
        state["basis"]["text"],
        *state["basis"]["reasons"],
        *(period["arm_text"] for period in state["schedule"]),
        result["label"],
        *result["reasons"],
        result["minimum"],
        result["prior"],
        *state["caveats"],
    ]


def test_the_api_speaks_russian_with_lang_ru(client: TestClient) -> None:
    assert client.put("/api/v1/diary/profile", json={"age_years": 64}).status_code == 200
    created = client.post("/api/v1/experiments?lang=ru", json={"intervention": STRETCH, "seed": 5})
    assert created.status_code == 201, created.text
    state = created.json()
    assert state["status_text"].startswith("вводная неделя") and state["result"]["label"] == "пока мало данных"
    assert state["intervention"]["name"] == "Растяжка икр и задней поверхности бедра каждый вечер"
    assert state["basis"]["status"] == "self_care"  # the codes stay codes
    assert_russian(_texts(state))
    today = client.get("/api/v1/experiments/today?lang=ru").json()
    assert_russian([today["message"], today["ask"], today["arm_text"]])
    refused = client.post("/api/v1/experiments?lang=ru", json={"intervention": STRETCH})
    assert refused.status_code in (409, 422) and "ещё не закончен" in refused.text
    stopped = client.post("/api/v1/experiments/stop?lang=ru", json={"reason": "отпуск"}).json()
    assert stopped["status_text"] == "остановлен"
    for body in (
        {"intervention": "fa_wall_calf_stretch"},
        {"intervention": "quinine"},
        {"intervention": STRETCH, "pairs": 2},
    ):
        error = client.post("/api/v1/experiments?lang=ru", json=body)
        assert error.status_code == 422
        assert_russian([str(value) for value in error.json().get("error", error.json()).values()])
    english = client.get(f"/api/v1/experiments/{state['id']}").json()  # the same experiment, read in English
    assert english["result"]["label"] == "not enough data yet" and english["basis"]["reasons"][0].startswith("Stretch")


def submit(client: TestClient, action: str, fields: dict[str, str]) -> Any:
    """POST the experiment page's form as a browser would, with the page's CSRF token."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/experiment").text)
    assert found
    return client.post(action, data={"csrf_token": found.group(1), **fields})


def test_the_web_pages_speak_russian(client: TestClient, sqlite_url: str) -> None:
    diary.save_profile({"age_years": 61}, db_url=sqlite_url)
    client.headers["Accept-Language"] = "ru-RU,ru;q=0.9"
    fields = {"intervention": STRETCH, "period_weeks": "2", "pairs": "3", "run_in": "on"}
    page = submit(client, "/experiment/start", fields)
    assert page.status_code == 200 and "вводная неделя" in page.text
    recorded = submit(client, "/experiment/today", {"done": "no"}).text
    assert "Отмечено за" in recorded and "не сделано" in recorded
    report = client.get("/experiment/report").text
    assert '<html lang="ru">' in report and "пока мало данных" in report
    for html in (recorded, report):
        visible = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>|data:image/\S+", " ", html, flags=re.DOTALL)
        for source in protocol().method_sources:
            visible = html_module.unescape(visible).replace(source.title, " ")
        assert_russian([html_module.unescape(visible)])


def test_bringing_experiments_in_says_what_went_wrong_in_russian(sqlite_url: str, tmp_path: Path) -> None:
    """An import's experiment kept out beside one under way, and a damaged experiment, are said in Russian."""
    from crampcare.diary.importexport import export_data, import_file, to_json
    from crampcare.experiments import service

    start = dt.date(2024, 3, 18)
    diary.save_profile({"age_years": 60, "sex": "female"}, db_url=sqlite_url)
    service.start({"intervention": STRETCH, "start": start.isoformat(), "seed": 42}, db_url=sqlite_url, today=start)
    path = tmp_path / "diary.json"
    text = to_json(export_data(db_url=sqlite_url))
    path.write_text(text, encoding="utf-8")
    diary.wipe(db_url=sqlite_url)
    diary.save_profile({"age_years": 60, "sex": "female"}, db_url=sqlite_url)
    later = start + dt.timedelta(days=1)
    service.start({"intervention": STRETCH, "start": later.isoformat()}, db_url=sqlite_url, today=later)
    with i18n.use("ru"):
        kept_out = import_file(path, db_url=sqlite_url, today=later)["experiment_conflicts"][0]
        assert kept_out.startswith("эксперимент «Растяжка икр") and "одновременно возможен только один" in kept_out
        assert_russian([kept_out])
        path.write_text(text.replace('"pairs": 3', '"pairs": 30', 1), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            import_file(path, db_url=sqlite_url, today=later)
    assert "pairs: 30 вне допустимых пределов (допустимо: от 3 до 8)" in caught.value.message, caught.value.message


def test_every_date_an_experiment_says_in_russian_is_written_out(sqlite_url: str) -> None:
    """The doctor's agreement, the scheduled start, a refused day, a warning sign's day, the stop and the report say
    their dates as a Russian reader writes them («18 марта 2024»); the JSON's date fields stay ISO for programs, and
    English keeps the ISO dates it has always shown."""
    from crampcare.cli.experiment_view import render
    from crampcare.experiments import service

    db = {"db_url": sqlite_url}
    diary.save_profile({"age_years": 58, "sex": "male"}, **db)
    data = {"intervention": "magnesium_orotate", "start": "2024-03-18", "doctor_agreed": "2024-03-12", "seed": 4}
    before = dt.date(2024, 3, 14)
    state = service.start(data, **db, today=before)
    assert "your doctor agreed on 2024-03-12:" in state["basis"]["text"]
    assert service.day({}, **db, today=before)["message"] == "the experiment starts on 2024-03-18"
    with i18n.use("ru"):
        texts = [service.day({}, **db, today=before)["message"]]
        assert texts[0] == "эксперимент начнётся 18 марта 2024"
        with pytest.raises(InputError) as outside:
            service.day({"day": "2024-03-16", "done": True}, **db, today=dt.date(2024, 3, 20))
        texts += [outside.value.message, str(outside.value.valid)]
        assert outside.value.message.startswith("16 марта 2024 не входит в эксперимент 1 (с 18 марта 2024 по ")
        sitting = dt.datetime(2024, 3, 20, 15, 30).isoformat() + "+01:00"  # 25 minutes by day: a warning sign
        diary.log_episode(
            {"started": sitting, "duration_minutes": 25, "muscle": "calf", "side": "left", "setting": "sitting"}
            | {"pain": 6},
            **db,
        )
        paused = service.day({}, **db, today=dt.date(2024, 3, 21))
        assert "судорога, записанная за 20 марта 2024, — тревожный признак" in paused["message"]
        state = service.status(**db, today=dt.date(2024, 3, 21))
        assert state["basis"]["text"].startswith("в вашей проверке эта мера отмечена как «Обсудите с врачом», и ваш")
        assert "врач согласился 12 марта 2024:" in state["basis"]["text"]
        assert (state["design"]["start"], state["red_flags"][0]["day"]) == ("2024-03-18", "2024-03-20")
        shown = render(state)
        assert "ТРЕВОЖНЫЙ ПРИЗНАК (запись за 20 марта 2024)" in shown and "с 18 марта 2024 по " in shown
        texts += [paused["message"], state["basis"]["text"], shown]
        service.stop("отпуск", **db, today=dt.date(2024, 3, 22))
        with pytest.raises(InputError) as stopped:
            service.stop(**db, today=dt.date(2024, 3, 23))
        assert stopped.value.message == "эксперимент 1 остановлен 22 марта 2024"
        page = service.report(**db, fmt="html", today=dt.date(2024, 3, 23)).decode("utf-8")
        hidden = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>|data:image/\S+", flags=re.DOTALL)
        visible = html_module.unescape(hidden.sub(" ", page))
        assert "Составлено 23 марта 2024 · эксперимент 1, с 18 марта 2024 по " in visible
        assert "22 марта 2024: эксперимент остановлен — отпуск" in visible
        texts += [stopped.value.message, _no_sources(visible)]
    assert_russian([" ".join(text.split()) for text in texts])


def _no_sources(visible: str) -> str:
    for source in protocol().method_sources:  # the method's sources keep their published titles
        visible = visible.replace(source.title, " ")
    return visible
