"""Broken files a person may hand crampcare: each is one InputError naming the option, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcare.errors import InputError
from crampcare.inputfiles import load_json, read_text


def test_a_file_that_is_not_utf8_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_bytes(b'{"age_years": 40, "medications": ["\xe9"]}')
    with pytest.raises(InputError, match=r"^--profile: .*me\.json is not UTF-8 text"):
        read_text(path, field="--profile")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_bytes(b'\xef\xbb\xbf{"age_years": 40}')
    assert load_json(read_text(path, field="--profile"), name="me.json", field="--profile") == {"age_years": 40}


@pytest.mark.parametrize("source", ["", "   "])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(source: str) -> None:
    with pytest.raises(InputError, match=r"^FILE: a file name is required$"):
        read_text(source, field="FILE")


def test_a_directory_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^FILE: cannot read .*Is a directory"):
        read_text(tmp_path, field="FILE")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"age_years": ' + "9" * 5000 + "}", "cannot be read"),
        ('{"age_years": 4', "not valid JSON"),
    ],
    ids=["deep", "huge-integer", "broken"],
)
def test_json_that_python_cannot_parse_is_an_input_error(text: str, wrong: str) -> None:
    with pytest.raises(InputError, match=wrong) as caught:
        load_json(text, name="me.json", field="--profile")
    assert caught.value.field == "--profile"
