"""`crampcare diary log` at a terminal: an answer that cannot be used is asked again, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from rich.prompt import Prompt

from crampcare.cli.diary_options import ask_episode


def test_bad_answers_are_asked_again_and_a_decimal_comma_is_fine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(
        [
            "yesterday 3am",  # not a time: asked again
            "now",
            "calf",
            "left",
            "bed_night",
            "15",  # pain over 10: asked again
            "7",
            "two",  # not a number: asked again
            "2,5",  # a decimal comma
            "0",
        ]
    )
    monkeypatch.setattr(Prompt, "ask", classmethod(lambda cls, *args, **kwargs: next(answers)))
    got: dict[str, Any] = ask_episode()
    assert got == {
        "at": "now",
        "muscle": "calf",
        "side": "left",
        "setting": "bed_night",
        "pain": 7,
        "duration": 2.5,
        "sleep": 0,
    }
    err = capsys.readouterr().err
    assert err.count("please try again") == 3
    assert "from 0 to 10" in err and "'two' is not a number" in err


def test_a_duration_at_the_prompt_has_the_limits_and_words_of_duration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The prompt refused 0.07 minutes that --duration takes, and said only "give a number from 0.1 to 1440": it
    now takes what --duration takes and refuses with the same sentence, the unit and the time included."""
    answers = iter(["now", "calf", "left", "bed_night", "4", "0,01", "0,07", "0"])
    monkeypatch.setattr(Prompt, "ask", classmethod(lambda cls, *args, **kwargs: next(answers)))
    assert ask_episode()["duration"] == 0.07
    err = capsys.readouterr().err
    said = "must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got '0,01'); please try again"
    assert said in err, err


def test_the_duration_prompt_refuses_in_russian_with_a_decimal_comma(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from crampcare import i18n

    answers = iter(["now", "calf", "left", "bed_night", "4", "1500,5", "2", "0"])
    monkeypatch.setattr(Prompt, "ask", classmethod(lambda cls, *args, **kwargs: next(answers)))
    with i18n.use("ru"):
        assert ask_episode()["duration"] == 2
    err = capsys.readouterr().err
    assert "должно быть от 0,05 минуты (3 секунды) до 1440 минут (24 часа) (получено: '1500,5')" in err, err
