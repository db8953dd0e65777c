"""The CLI's language: --lang, CRAMPCARE_LANG, the locale; a language crampcare lacks is one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CRAMPCARE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=60, env={**environ, **env}
    )


def test_an_unknown_lang_option_names_it_and_the_valid_codes() -> None:
    result = run("--lang", "de", "first-aid", "calf")
    assert result.returncode == 2
    assert result.stderr == "crampcare: --lang: unknown language 'de' (valid: en, ru)\n"


def test_an_unknown_crampcare_lang_names_the_variable() -> None:
    result = run("first-aid", "calf", CRAMPCARE_LANG="xx")
    assert result.returncode == 2
    assert "CRAMPCARE_LANG: unknown language 'xx'" in result.stderr


def test_lang_is_read_before_or_after_the_command() -> None:
    for args in (("--lang", "ru", "--version"), ("--version", "--lang=ru")):
        result = run(*args)
        assert result.returncode == 0, result.stderr


def test_an_unknown_locale_falls_back_to_english() -> None:
    result = run("first-aid", "calf", LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Get help:")


def test_first_aid_frames_its_steps_in_russian() -> None:
    result = run("--lang", "ru", "first-aid", "calf")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Когда обращаться за помощью: ")
    assert result.stdout.rstrip().endswith("ещё 3 способа: crampcare first-aid calf --all")
