"""A number option out of range says the field's every limit with its unit, and quotes what was typed: "--water:
must be at least 0 (got -1.0)" named neither the unit nor the text typed ("-1"); Russian the same, with a decimal
comma in the limits it writes."""

from __future__ import annotations

import pytest

from crampcare.cli.main import run


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        run(list(args))
    return int(exited.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "typed", "en", "ru"),
    [
        ("--water", "-1", "must be from 0 to 15 litres (got -1)", "должно быть от 0 до 15 л (получено: -1)"),
        (
            "--caffeine",
            "50.50",
            "must be from 0 to 50 cups (got 50.50)",
            "должно быть от 0 до 50 чашек (получено: 50.50)",
        ),
        (
            "--alcohol",
            "101",
            "must be from 0 to 100 units (got 101)",
            "должно быть от 0 до 100 порций алкоголя (получено: 101)",
        ),
    ],
)
def test_a_checkin_option_out_of_range(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, option: str, typed: str, en: str, ru: str
) -> None:
    code, err = call(capsys, "diary", "checkin", "--day", "2026-12-01", option, typed, "--db", sqlite_url)
    assert code == 2 and err == f"crampcare: {option}: {en}\n"
    code, err = call(
        capsys, "--lang", "ru", "diary", "checkin", "--day", "2026-12-01", option, typed, "--db", sqlite_url
    )
    assert code == 2 and err == f"crampcare: {option}: {ru}\n"


def test_russian_limits_have_a_decimal_comma_and_the_echo_is_as_typed(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRAMPCARE_LANG", "ru")
    cramp = ["--muscle", "calf", "--side", "left", "--setting", "bed_night", "--pain", "4"]
    code, err = call(capsys, "diary", "log", *cramp, "--duration", "0.010", "--db", sqlite_url)
    assert code == 2
    assert (
        err
        == "crampcare: --duration: должно быть от 0,05 минуты (3 секунды) до 1440 минут (24 часа) (получено: 0.010)\n"
    )


def test_a_number_that_does_not_parse_is_still_said_as_before(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, err = call(capsys, "diary", "checkin", "--water", "lots", "--db", sqlite_url)
    assert code == 2
    said = "a number is expected (valid: digits with a decimal point, such as 2.5)"
    assert err == f"crampcare: Invalid value for '--water': {said}\n"


def test_a_daily_energy_budget_out_of_range_says_its_unit_and_the_text_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = call(capsys, "foods", "plan", "--kcal", "600.50")
    assert code == 2
    assert err == "crampcare: --kcal: kcal 600.50 is not a plausible daily budget (valid: 1000-5000 kcal per day)\n"
    code, err = call(capsys, "--lang", "ru", "foods", "plan", "--kcal", "600")
    assert code == 2
    assert (
        err
        == "crampcare: --kcal: 600 ккал — неправдоподобная калорийность на день (допустимо: 1000–5000 ккал в день)\n"
    )
