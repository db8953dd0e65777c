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
