"""Issue 19 §5: input that could be misread is refused, on every face, naming the field.

A key given twice in one JSON object is an error (a parser would keep the last value silently); a control
character in a name is refused (it also makes the medicine unrecognisable, so its interactions would go
unchecked); what reaches a terminal never carries a raw escape sequence.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.text import Text

from crampcare.assessment.engine import assess
from crampcare.cli.output import safe_console
from crampcare.errors import InputError
from crampcare.inputfiles import DuplicateKeyError, load_json, loads_unique_keys
from crampcare.textsafety import terminal_safe

TWICE = '{"age_years": 8, "age_years": 80}'


def test_a_key_given_twice_is_an_error_naming_its_path() -> None:
    with pytest.raises(DuplicateKeyError) as caught:
        loads_unique_keys('{"age_years": 70, "labs": {"potassium": 4.0, "potassium": 7.0}}')
    assert caught.value.key == "labs.potassium"
    with pytest.raises(DuplicateKeyError) as caught:
        loads_unique_keys('{"episodes": [{"pain": 1}, {"pain": 2, "pain": 3}]}')
    assert caught.value.key == "episodes[1].pain"
    assert loads_unique_keys('{"a": {"b": 1}, "c": {"b": 2}}') == {"a": {"b": 1}, "c": {"b": 2}}


def test_load_json_turns_a_duplicate_into_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        load_json(TWICE, name="me.json", field="--profile")
    assert caught.value.field == "age_years"
    assert "more than once" in caught.value.message


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crampcare", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_cli_profile_with_a_key_twice_exits_2_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(TWICE, encoding="utf-8")
    result = _cli("assess", "--profile", str(path), "--json")
    assert result.returncode == 2, result.stdout
    assert "age_years" in result.stderr and "more than once" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_error_messages_never_carry_a_raw_escape() -> None:
    result = _cli("assess", "--profile", "-", stdin='{"age_years": 40, "conditions": ["\\u001b[2Jgout"]}')
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "control character" in result.stderr


@pytest.mark.parametrize("name", ["Lasix\x1b[2J", "war\tfarin", "ibu\u202eprofen", "naproxen\x85"])
def test_control_characters_in_names_are_refused(name: str) -> None:
    for field in ("medications", "conditions", "allergies"):
        with pytest.raises(InputError) as caught:
            assess({"age_years": 40, field: [name]})
        assert caught.value.field == f"{field}[0]"
        assert "control character" in caught.value.message


def test_the_terminal_sees_escapes_as_text_and_styles_still_work() -> None:
    assert terminal_safe("a\x1b[31mb\nc\td\x9b") == "a\\x1b[31mb\nc\td\\x9b"
    out = io.StringIO()
    safe_console(file=out, force_terminal=True).print(Text("x\x1b[2Jy", style="bold"))
    shown = out.getvalue()
    assert "\\x1b[2J" in shown  # the typed escape, visible
    assert "\x1b[1m" in shown  # rich's own bold still renders
    assert "\x1b[2J" not in shown
