"""Every CLI command's own output in Russian (issue 15): messages, confirmations, summaries, errors and questions.

Each command is run with `--lang ru` on a temporary diary and its output must show neither a catalogue English text
(tests/english_left.py) nor a run of three or more Latin-letter words — the check that also catches English that never
reached the catalogue (an f-string). What may stay in Latin letters is cut out first, and only that (`ALLOWED`):
what a person types back (`crampcare diary list`, --options, ids such as first_aid, file paths, URLs) and the names the
knowledge base keeps in their own language (product and brand names, INNs, the titles of the cited works).

Commands that other helpers are translating now are listed in `NOT_YET_COVERED` with the reason; take a command out
of that list when its output is Russian, and add its run here.
"""

from __future__ import annotations

import contextvars
import html
import io
import json
import re
import secrets
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

import crampcare
from crampcare import i18n
from crampcare.cli.main import build_app, run
from english_left import english_left, iso_dates_left

# Leaf commands whose Russian output this file does not check yet, and why. Remove an entry when its command is done.
NOT_YET_COVERED: dict[tuple[str, ...], str] = {}
# Leaf commands run in Russian below (`schema`: its error; the schema itself is a JSON contract, not prose).
RUN_HERE: set[tuple[str, ...]] = {
    ("assess",),
    ("first-aid",),
    ("schema",),
    ("serve",),
    *(("kb", name) for name in ("list", "search", "sections", "show", "validate")),
    *(
        ("diary", name)
        for name in (
            "backup",
            "chart",
            "checkin",
            "delete",
            "edit",
            "export",
            "import",
            "list",
            "log",
            "report",
            "show",
            "stats",
            "wipe",
        )
    ),
    ("diary", "profile", "set"),
    ("diary", "profile", "show"),
    *(("experiment", name) for name in ("report", "start", "status", "stop", "today")),
    *(("foods", name) for name in ("plan", "show", "top")),
}

# What may stay in Latin letters, cut out before the check (each pattern says why it is allowed).
ALLOWED = [
    # a row of an experiment's calendar: the week's date («16 ноября 2026») and each day's arm, A (with) or B
    # (without) as the design line names them
    re.compile(r"\d{1,2} [а-я]+ \d{4}(?: +[ABв·])+"),
    re.compile(r"(?<=\d: )(?:(?:AB|BA)\b ?)+"),  # the experiment's drawn order of each pair, after its seed
    re.compile(r"https?://\S+"),  # a URL
    re.compile(r"(?:~|\.{0,2})(?:/[\w.@:+-]+)+/?"),  # a file path
    # a command to type: `crampcare diary checkin --delete --day 2024-05-01`, `crampcare diary profile set ФАЙЛ`
    re.compile(
        r"crampcare (?:diary|kb|first-aid|assess|schema|serve|foods|experiment)"
        r"(?: (?:--?[\w-]+|[a-z0-9_./:-]+|[A-ZА-ЯЁ]+))*"
    ),
    re.compile(r"--?[a-z][\w-]*"),  # an option
    re.compile(r'"[\w-]+":'),  # a JSON key (`diary profile show` prints the stored profile as JSON)
    re.compile(r"\S*[_\d]\S*"),  # an id (first_aid, fa_wall_calf_stretch), a number, a date, a version
]
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){2,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@cache
def knowledge_names() -> list[str]:
    """Names kept in their own language: product and brand names, INNs, drug-class members, cited works' titles."""
    from crampcare.knowledge.loader import knowledge

    kb = knowledge()
    names = [source.title for source in kb.sources.values()]
    for record in kb.interventions.values():
        names += [*record.aliases, record.inn or ""]
    for drug_class in kb.drug_classes.values():
        names += [*drug_class.synonyms, *(str(member) for member in drug_class.members)]
    # a food's Russian name keeps a product brand in Latin letters («Сухой завтрак Kellogg's All-Bran Original»)
    foods_ru = yaml.safe_load((Path(crampcare.__file__).parent / "data/nutrition/foods.ru.yaml").read_text("utf-8"))
    names += [name for name in foods_ru["names"].values() if LATIN_WORD.search(name)]
    return sorted({name for name in names if len(name.split()) >= 2}, key=len, reverse=True)


def english_runs(text: str) -> list[str]:
    """Runs of 3+ Latin words, and lines of 2+ Latin words without one Cyrillic letter, left after `ALLOWED`."""
    flat = text
    for name in knowledge_names():
        flat = flat.replace(name, " ")
    for pattern in ALLOWED:
        flat = pattern.sub(" | ", flat)  # what is cut out still separates the words around it
    found = [match.group(0) for match in LATIN_RUN.finditer(flat)]
    found += [
        line.strip() for line in flat.splitlines() if not CYRILLIC.search(line) and len(LATIN_WORD.findall(line)) >= 2
    ]
    return [" ".join(run.split()) for run in found]


def assert_russian(text: str) -> None:
    """No English, and no ISO date besides what a person types back (a date is written «5 декабря 2026»)."""
    assert text.strip(), "no output"
    assert english_left(text) == [], english_left(text)
    assert english_runs(text) == [], english_runs(text)
    assert iso_dates_left(text) == [], iso_dates_left(text)


def test_the_check_finds_english_that_never_reached_the_catalogue() -> None:
    assert english_runs("Wrote 2 episode(s) to /tmp/x.json") == ["Wrote | episode(s) to |"]  # a number is cut out
    assert english_runs("Записан 1 эпизод в /tmp/x.json; crampcare diary checkin --delete --day 2024-05-01") == []
    assert english_runs("Дневник: skipped identical ones") == ["skipped identical ones"]
    assert english_runs("другие названия: Mydocalm, Мидокалм; МНН: толперизон (tolperisone)") == []
    with pytest.raises(AssertionError):
        assert_russian("Отмечено за 2026-12-05: сделано.")
    for moment in ("2026-12-05T03:00+03:00", "2026-12-05T03:00:00+00:00", "2026-12-06T03:14:15.123456Z"):
        with pytest.raises(AssertionError):  # a moment with its time is said as the reader writes it too
            assert_russian(f"№1 {moment} (день дневника 5 декабря 2026)")
    assert_russian("Отмечено за 5 декабря 2026: сделано. Другой день: --day 2026-12-04; --at 2026-12-05T03:00+03:00")
    assert_russian("№1 5 декабря 2026, 03:00 UTC+03:00; например, 2024-05-01T23:40+02:00")


def _leaves(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    commands = getattr(group, "commands", {})
    if not commands:
        yield path
    for name, command in sorted(commands.items()):
        yield from _leaves(command, (*path, name))


def test_every_command_is_run_in_russian_or_listed_as_not_yet_covered() -> None:
    leaves = set(_leaves(typer.main.get_command(build_app())))
    assert not RUN_HERE & set(NOT_YET_COVERED)
    assert leaves == RUN_HERE | set(NOT_YET_COVERED), leaves ^ (RUN_HERE | set(NOT_YET_COVERED))


def ru(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`crampcare --lang ru …` in this process, as the console script runs it (its language only for this call)."""
    with pytest.raises(SystemExit) as exited:
        contextvars.copy_context().run(run, ["--lang", "ru", *argv])
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def said(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> str:
    """The command's whole output, checked for English; `code` is the exit code it must end with."""
    got, out, err = ru(capsys, *argv)
    assert got == code, (argv, out, err)
    assert_russian(out + err)
    return out + err


LOG = ["--muscle", "calf", "--side", "left", "--pain", "6", "--duration", "2", "--setting", "bed_night"]


def test_diary_commands_speak_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'diary.db'}"]
    at = ["--at", "2026-12-01T03:00"]  # no zone: the notice is said too
    text = said(capsys, "diary", "log", *db, *LOG, *at, "--tried", "fa_wall_calf_stretch", "--effect", "2")
    assert "Записано: №1" in text and "часовой пояс не указан" in text
    text = said(capsys, "diary", "log", *db, *LOG, "--at", "2026-12-02T02:00+03:00", "--swelling", "--trigger", "heat")
    assert "Почему:" in text and "(Оценено как для взрослого" in text
    said(capsys, "diary", "log", *db, *LOG, "--at", "2026-12-03T23:00+03:00", "--note", "после бега")
    assert said(capsys, "diary", "list", *db).count("№") == 3
    text = said(capsys, "diary", "show", "1", *db) + said(capsys, "diary", "show", "2", *db)
    assert "(эффект 2 из 3)" in text and "Жара или сильное потоотделение" in text and "['heat']" not in text
    said(capsys, "diary", "edit", "3", "--pain", "3", *db)
    said(capsys, "diary", "checkin", *db, "--day", "2026-12-01", "--water", "1.5")
    said(capsys, "diary", "checkin", *db, "--day", "2026-12-02", "--water", "1")
    said(capsys, "diary", "checkin", *db, "--delete", "--day", "2026-12-02")
    said(capsys, "diary", "stats", *db)
    assert "Записано 3 эпизода в" in said(capsys, "diary", "export", *db, "--out", str(tmp_path / "d.json"))
    text = said(capsys, "diary", "export", *db, "--format", "csv", "--out", str(tmp_path / "d.csv"))
    assert "В CSV попадают только эпизоды" in text
    said(capsys, "diary", "export", *db, "--format", "fhir", "--out", str(tmp_path / "d.fhir.json"))
    said(capsys, "diary", "chart", *db, "--kind", "frequency", "--out", str(tmp_path / "c.svg"))
    said(capsys, "diary", "report", *db, "--out", str(tmp_path / "r.html"))
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"age_years": 70, "sex": "female"}), encoding="utf-8")
    said(capsys, "diary", "profile", "set", str(profile), *db)
    assert "Версия профиля 1, сохранена" in said(capsys, "diary", "profile", "show", *db)
    said(capsys, "diary", "backup", *db, "--out", str(tmp_path / "copy.db"))
    said(capsys, "diary", "delete", "1", *db)
    text = said(capsys, "diary", "wipe", *db, "--yes")
    assert "Дневник очищен (2 эпизода, 1 ежедневная отметка, 1 сохранённая версия профиля" in text
    assert "Резервная копия, сделанная перед удалением:" in text


def test_an_experiment_is_walked_through_in_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Start, the day's arm and check-in, a cramp on a day without one, the status with its answer, the report, stop:
    all Russian, with the numbers' forms («5 пар», «1 ночь»)."""
    import datetime as dt

    from crampcare.diary import service as diary
    from crampcare.experiments.config import protocol

    url = f"sqlite:///{tmp_path / 'diary.db'}"
    db = ["--db", url]
    diary.save_profile({"age_years": 58, "sex": "male"}, db_url=url)
    start = dt.date.today() - dt.timedelta(days=20)
    stretch = ["--intervention", "nightly_calf_hamstring_stretching"]
    text = said(
        capsys, "experiment", "start", *stretch, "--start", start.isoformat(), "--seed", "11", "--pairs", "5", *db
    )
    assert "Эксперимент 1: «Растяжка икр" in text and "Схема: 5 пар периодов по 2 нед." in text
    # the calendar's rows start with the week's Monday in words, the heading as wide as the longest
    monday = start - dt.timedelta(days=start.weekday())
    assert re.search(rf"неделя с +Пн Вт Ср Чт Пт Сб Вс\n  {monday.day} [а-я]+ {monday.year} +в ", text)
    assert " вводная " in text
    text = said(capsys, "experiment", "today", *db)
    assert text.startswith("сегодня: ") and "--done" in text
    text = said(capsys, "experiment", "today", "--done", "yes", "--day", start.isoformat(), *db)
    assert f"Отмечено за {start.day} " in text and ": сделано." in text
    night = dt.datetime.combine(start + dt.timedelta(days=3), dt.time(2, 30))  # the night of day 2: no check-in
    diary.log_episode(
        {
            "started": night.isoformat() + "+00:00",
            "duration_minutes": 2,
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": 5,
        },
        db_url=url,
    )
    text = said(capsys, "experiment", "status", *db)
    assert "Ответ: пока мало данных" in text and "1 ночь с судорогами в дни без отметки не учтена." in text
    assert "Завершённых пар периодов: 0, а для ответа нужно не меньше 3" in text
    said(capsys, "experiment", "report", "--out", str(tmp_path / "report.html"), *db)
    page = html.unescape((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert '<html lang="ru">' in page and "ПОМОГАЕТ" not in page and "пока мало данных" in page
    visible = re.sub(r"<style>.*?</style>|<[^>]+>|data:image/svg\+xml;base64,\S+", " ", page, flags=re.DOTALL)
    for source in protocol().method_sources:  # the method's sources keep their published titles
        visible = visible.replace(source.title, " ")
    assert_russian(visible)
    said(capsys, "experiment", "report", "--out", str(tmp_path / "report.pdf"), *db)
    assert "остановлен" in said(capsys, "experiment", "stop", "--reason", "отпуск", *db)
    text = said(capsys, "experiment", "stop", *db, code=2)
    assert "эксперимент 1 остановлен" in text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--period-weeks", "6"], "должно быть от 1 до 4 недель (получено: 6)"),
        (["--washout-days", "5", "--period-weeks", "1"], "от 0 до 3 дней (не больше половины периода в 1 нед.)"),
        (["--start", "soon"], "это не дата: 'soon'"),
        (["--intervention", "fa_wall_calf_stretch"], "нельзя проверить по периодам: это делают во время судороги"),
        (["--intervention", "quinine"], "«Хинин» — рецептурное лекарство"),
        (["--intervention", "Magnerot"], "у меры «Магния оротат» для вас стоит отметка «Обсудите с врачом»"),
    ],
)
def test_experiment_errors_are_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], expected: str
) -> None:
    from crampcare.diary import service as diary

    url = f"sqlite:///{tmp_path / 'diary.db'}"
    diary.save_profile({"age_years": 58, "sex": "male"}, db_url=url)
    stretch = [] if "--intervention" in argv else ["--intervention", "nightly_calf_hamstring_stretching"]
    assert expected in said(capsys, "experiment", "start", *stretch, *argv, "--db", url, code=2)


def test_diary_import_says_what_it_did_in_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = ["--db", f"sqlite:///{tmp_path / 'a.db'}"]
    for day in ("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"):
        said(capsys, "diary", "log", *source, *LOG, "--at", f"{day}T03:00+03:00")
    said(capsys, "diary", "checkin", *source, "--day", "2026-12-01", "--water", "1.5")
    said(capsys, "diary", "export", *source, "--out", str(tmp_path / "a.json"))
    target = ["--db", f"sqlite:///{tmp_path / 'b.db'}"]
    said(capsys, "diary", "checkin", *target, "--day", "2026-12-01", "--water", "2")
    text = said(capsys, "diary", "import", str(tmp_path / "a.json"), *target)
    assert "Импортировано: 5 эпизодов, 0 ежедневных отметок, 0 версий профиля" in text
    assert "Оставлены ваши ежедневные отметки за 1 декабря 2026" in text
    text = said(capsys, "diary", "import", str(tmp_path / "a.json"), *target)
    assert "пропущено как уже имеющиеся в дневнике: 5 эпизодов и 0 ежедневных отметок" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["diary", "list", "--limit", "0"],
        ["diary", "edit", "1"],
        ["diary", "checkin", "--day", ""],
        ["diary", "checkin", "--delete"],
        ["diary", "checkin", "--delete", "--day", "2026-12-01", "--water", "1"],
        ["diary", "chart", "--kind", "pie", "--out", "c.png"],
        ["diary", "chart", "--kind", "frequency", "--out", "c.txt"],
        ["diary", "report", "--out", "r.txt"],
        ["diary", "export", "--format", "xml"],
        ["diary", "log", *LOG, "--tried", "fa_wall_calf_stretch"],
        ["diary", "log", *LOG, "--at", "2099-12-01T03:00+03:00"],  # "not after" a moment, said with its offset
        ["diary", "log", *LOG, "--at", "1900-01-01T00:00+14:00"],  # 1899's diary day
        ["diary", "profile", "show"],
        ["diary", "wipe"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_diary_errors_are_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]) -> None:
    said(capsys, "diary", "log", "--db", f"sqlite:///{tmp_path / 'd.db'}", *LOG, "--at", "2026-12-01T03:00+03:00")
    text = said(capsys, *argv, "--db", f"sqlite:///{tmp_path / 'd.db'}", code=2)
    assert text.startswith("crampcare: ") and text.count("\n") == 1


def test_foods_commands_speak_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The meal plan (one day and a week, a kidney-disease profile with its limits), the top lists and a food."""
    text = said(capsys, "foods", "top", "magnesium")
    assert "мг/100 г    Семена конопли" in text
    said(capsys, "foods", "top", "potassium", "--per", "serving")
    said(capsys, "foods", "show", "11457")  # spinach, raw
    assert "Завтрак" in said(capsys, "foods", "plan")
    profile = tmp_path / "ckd.json"
    profile.write_text(json.dumps({"age_years": 66, "sex": "male", "conditions": ["CKD stage 4"]}), encoding="utf-8")
    said(capsys, "foods", "plan", "--profile", str(profile))
    said(capsys, "foods", "plan", "--days", "7")


def test_the_diary_questions_are_russian(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from crampcare.cli.diary_options import ask_episode

    # A Russian word for the time, muscle and side; a refused pain is asked again; Enter takes the defaults.
    monkeypatch.setattr("sys.stdin", io.StringIO("сейчас\nикра\nправ\n\n11\n4\n\n\n"))
    with i18n.use("ru"):
        answers = ask_episode()
    out, err = capsys.readouterr()
    assert answers == {"at": "now", "muscle": "calf", "side": "right", "setting": "bed_night", "pain": 4,
                       "duration": 2.0, "sleep": 0}  # fmt: skip
    assert "нужно целое число от 0 до 10; попробуйте ещё раз" in err
    assert_russian(out + err)


def test_assess_and_first_aid_speak_russian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "me.json"
    profile.write_text(json.dumps({"age_years": 70, "medications": ["furosemide"]}), encoding="utf-8")
    said(capsys, "assess", "--profile", str(profile))
    said(capsys, "first-aid", "calf")
    # With --json the plan is the JSON contract; what is said besides is the document written (the readable plan of
    # a FHIR record still quotes English reasons from data/fhir/codes.yaml and fhir/inbound.py: not a CLI text).
    bundle = Path(__file__).parents[1] / "fhir" / "bundles" / "older_woman_diuretic.json"
    document = tmp_path / "plan.fhir.json"
    code, _out, err = ru(capsys, "assess", "--fhir", str(bundle), "--document", str(document), "--json")
    assert code == 0 and err.startswith(f"Записан {document}: план в виде FHIR R4 DocumentReference с PDF внутри.")
    assert_russian(err)
    said(capsys, "first-aid", "calf", "--setting", "swimming", "--helper", "--all")


@pytest.mark.parametrize(
    "argv, russian",
    [
        (["assess", "--profile", "list.json"], "должен быть объект JSON (профиль), а не list"),
        (["assess", "--profile", "broken.yaml"], "некорректный YAML (строка 2, позиция 1)"),
        (["assess", "--profile", "me.json", "--from-diary"], "укажите либо --profile, либо --from-diary"),
        (["assess", "--profile", "me.json", "--document", "plan.json"], "--document работает только вместе с --fhir"),
        (["assess", "--fhir", "record.json", "--profile", "me.json"], "укажите либо --fhir"),
        (["schema", "model"], "неизвестная схема 'model'"),
        (["first-aid", "arm"], "неизвестная мышца 'arm'"),
        (["first-aid", "calf", "--setting", "moon"], "неизвестная обстановка 'moon'"),
        (["kb", "list", "--kind", "spell"], "неизвестный тип 'spell'"),
        (["kb", "list", "--grade", "miracle"], "неизвестная степень доказательности 'miracle'"),
    ],
)  # fmt: skip
def test_assess_and_kb_errors_are_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], russian: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("list.json").write_text("[1]", encoding="utf-8")
    Path("broken.yaml").write_text("x: [\n", encoding="utf-8")
    Path("me.json").write_text("{}", encoding="utf-8")
    text = said(capsys, *argv, code=2)
    assert russian in text and text.count("\n") == 1


def _ask(answers: list[str]) -> tuple[dict[str, Any] | None, str]:
    from rich.console import Console

    from crampcare.cli.assess_questions import ask

    out = io.StringIO()
    with i18n.use("ru"):
        profile = ask(Console(file=out, width=100), io.StringIO("\n".join(answers) + "\n"))
    return profile, out.getvalue()


def test_the_assessment_questions_are_russian(capsys: pytest.CaptureFixture[str]) -> None:
    # Every question once, each refused answer once (asked again in Russian), a misspelt condition, then the plan.
    answers = ["12", "", "abc", "34", "ж", "да", "30", "150", "150/95", "бедро", "голень", "x", "3", "3", "",
               "фуросемид", "diabetis", "", "1"]  # fmt: skip
    profile, out = _ask(answers)
    assert (
        profile is not None
        and profile["sex"] == "female"
        and profile["episode"]
        == {
            "muscle": "shin",
            "setting": "sitting",
        }
    )
    assert profile["pregnancy_weeks"] == 30 and profile["conditions"] == ["diabetes"]
    for question in ("Возраст, полных лет", "Вы беременны? [д/н] (н)", "Какую мышцу сводит (1–8) (1)", "Введите число"):
        assert question in out
    assert_russian(out)
    # The profile the questions made, assessed by the command (at a terminal `assess` does both in one run).
    from typer.testing import CliRunner

    result = contextvars.copy_context().run(
        CliRunner().invoke, build_app(), ["--lang", "ru", "assess", "--profile", "-"], json.dumps(profile)
    )
    assert result.exit_code == 0, result.output
    assert_russian(result.output)


def test_an_emergency_answer_is_said_in_russian() -> None:
    profile, out = _ask(["4"])  # a dirty wound: tetanus risk
    assert profile is None and "ЭКСТРЕННО" in out
    assert_russian(out)


def test_kb_commands_speak_russian(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # a cited work's title on one line, so that it can be cut out whole
    text = said(capsys, "kb", "validate")
    assert text.startswith("ок: ") and "источник" in text
    said(capsys, "kb", "list", "--kind", "medicine")
    said(capsys, "kb", "search", "магний")
    said(capsys, "kb", "show", "Mydocalm")
    said(capsys, "kb", "show", "omeprazole")
    assert "Разделы статьи и записи, которые на них ссылаются" in said(capsys, "kb", "sections")


@pytest.fixture
def no_server_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`serve` writes its settings into the environment for its workers: each is put back after the test."""
    from crampcare.api import settings

    for name in dir(settings):
        if name.endswith("_ENV"):
            monkeypatch.delenv(getattr(settings, name), raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the local session secret is kept there
    monkeypatch.setattr("crampcare.api.workers.run", lambda config, sockets: [sock.close() for sock in sockets])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.usefixtures("no_server_settings")
def test_serve_says_where_it_serves_in_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'd.db'}"]
    port = _free_port()
    text = said(capsys, "serve", "--port", str(port), *db)
    assert f"сервер работает по адресу http://127.0.0.1:{port}/ (локальный режим, 1 рабочий процесс)" in text
    monkeypatch.setenv("CRAMPCARE_SECRET_KEY", secrets.token_urlsafe(48))
    port = _free_port()
    text = said(capsys, "serve", "--host", "", "--port", str(port), "--allowed-host", "127.0.0.1", *db)
    assert f"(все интерфейсы: 0.0.0.0:{port}; серверный режим, 1 рабочий процесс)" in text


@pytest.mark.usefixtures("no_server_settings")
def test_serve_refusals_are_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'd.db'}"]
    every = ["serve", "--host", "", "--port", str(_free_port()), *db]
    assert "не задан или взят общеизвестный по умолчанию" in said(capsys, *every, code=2)
    monkeypatch.setenv("CRAMPCARE_SECRET_KEY", "changeme" * 5)
    assert "слишком легко угадать: в нём повторяется 'changeme'" in said(capsys, *every, code=2)
    monkeypatch.setenv("CRAMPCARE_SECRET_KEY", "short")
    assert "слишком короткий (символов: 5) (допустимо: не меньше 32 символов)" in said(capsys, *every, code=2)
    monkeypatch.setenv("CRAMPCARE_SECRET_KEY", secrets.token_urlsafe(48))
    assert "нужно указать имена, по которым к нему обращаются" in said(capsys, *every, code=2)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert "адрес уже занят (допустимо: свободный порт" in said(capsys, "serve", "--port", port, *db, code=2)
