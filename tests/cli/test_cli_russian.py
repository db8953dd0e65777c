"""Every CLI command in Russian (issue 15): its --help, Typer's usage errors and the commands' own output.

Fails on any catalogue English left (tests/english_left.py) and on Click's and Typer's own English words.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from crampcare import i18n
from crampcare.cli.main import build_app, run
from english_left import english_left

# Words Typer and Click write themselves (one or two words: too short for the catalogue check).
LIBRARY_ENGLISH = ("Usage:", "Options", "Commands", "Arguments", "Show this message", "[default:", "[required]")


def _paths(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield from _paths(command, (*path, name))


PATHS = list(_paths(typer.main.get_command(build_app())))


def _help(path: tuple[str, ...], lang: str) -> str:
    with i18n.use(lang):
        result = CliRunner().invoke(build_app(), [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_covered() -> None:
    assert len(PATHS) > 35 and ("foods", "plan") in PATHS and ("diary", "profile", "set") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "crampcare")
def test_every_help_is_russian_and_english_is_unchanged(path: tuple[str, ...]) -> None:
    russian = _help(path, "ru")
    assert not english_left(russian), english_left(russian)
    assert [word for word in LIBRARY_ENGLISH if word in russian] == []
    assert "Пример: crampcare" in russian and "Параметры" in russian and "Показать эту справку и выйти." in russian
    english = _help(path, "en")
    assert "Example: crampcare" in english and "Show this message and exit." in english and "Usage:" in english
    assert "Пример" not in english


def test_lang_option_translates_help_in_a_direct_typer_call() -> None:
    argv = ["--lang", "ru", "foods", "plan", "--help"]
    result = contextvars.copy_context().run(CliRunner().invoke, build_app(), argv, env={"COLUMNS": "200"})
    assert "Меню, которое покрывает ваши нормы" in result.output and "исключить продукты" in result.output
    again = CliRunner().invoke(build_app(), ["foods", "plan", "--help"], env={"COLUMNS": "200"})
    assert "A menu that reaches your magnesium" in again.output  # nothing Russian sticks to the next English call


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        contextvars.copy_context().run(run, argv)  # run() activates the language for its own context only
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    "argv, russian, english",
    [
        (["foods", "plan", "--days", "x"],
         "Недопустимое значение '--days': нужно целое число (допустимо: только цифры, например 7)",
         "Invalid value for '--days': a whole number is expected (valid: digits only, such as 7)"),
        (["diary", "log", "--duration", "2,5"],  # a decimal comma: the error says to write a point
         "Недопустимое значение '--duration': нужно число (допустимо: цифры с десятичной точкой, например 2.5)",
         "Invalid value for '--duration': a number is expected (valid: digits with a decimal point, such as 2.5)"),
        (["foods", "plan", "--days"], "Параметру '--days' нужно значение.", "Option '--days' requires an argument."),
        (["kb", "nosuch"], "Нет такой команды: 'nosuch'.", "No such command 'nosuch'."),
        (["foods", "top"], "Не указан аргумент 'nutrient'.", "Missing argument 'nutrient'."),
        (["foods", "top", "a", "b"], "Лишние аргументы: b", "Got unexpected extra argument(s) (b)"),
        (["foods", "plan", "--dayz", "2"], "Нет такого параметра: --dayz", "No such option: --dayz"),
        (["serve", "--port", "0"], "Недопустимое значение '--port': должно быть не меньше 1",
         "Invalid value for '--port': Input should be greater than or equal to 1"),
        (["diary", "log", "--side", "left"], "--muscle: обязательный параметр", "--muscle: is required"),
    ],
)  # fmt: skip
def test_usage_errors_are_russian(
    argv: list[str], russian: str, english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["--lang", "ru", *argv], capsys)
    assert code == 2 and err == f"crampcare: {russian}\n"
    code, _out, err = _run(["--lang", "en", *argv], capsys)
    assert code == 2 and err.startswith(f"crampcare: {english}")


def test_a_time_without_a_zone_is_said_in_russian(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["diary", "log", "--db", f"sqlite:///{tmp_path / 'd.db'}", "--muscle", "calf", "--side", "left",
            "--pain", "5", "--duration", "3", "--setting", "bed_night", "--at", "2026-12-01T03:00"]  # fmt: skip
    code, out, _err = _run(["--lang", "ru", *argv], capsys)
    assert code == 0 and "часовой пояс не указан: время понято как местное (" in out
    assert "no time zone given" not in out
