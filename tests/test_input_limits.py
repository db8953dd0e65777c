"""The CLI reads --profile and import files in chunks and stops at a documented limit: /dev/zero or a huge file
is one line (exit 2), never gigabytes of memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crampcare.errors import InputError
from crampcare.inputfiles import IMPORT_LIMIT, PROFILE_LIMIT, read_text


def _crampcare(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], input=stdin, capture_output=True, timeout=120)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_profile_from_dev_zero_is_refused_at_64_kib() -> None:
    done = _crampcare("assess", "--profile", "/dev/zero")
    assert done.returncode == 2
    assert b"--profile" in done.stderr and b"larger than 64 KiB" in done.stderr


def test_a_profile_on_stdin_is_capped_too() -> None:
    done = _crampcare("assess", "--profile", "-", stdin=b" " * (PROFILE_LIMIT + 1))
    assert done.returncode == 2 and b"larger than 64 KiB" in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_import_from_dev_zero_is_refused_at_its_first_overlong_line(tmp_path: Path) -> None:
    # The import streams: it stops at the first line longer than a record may be, long before 64 MiB.
    done = _crampcare("diary", "import", "/dev/zero", "--db", f"sqlite:///{tmp_path}/d.db")
    assert done.returncode == 2
    assert b"FILE: line 1: a row longer than 256 KiB (nothing was imported)" in done.stderr


def test_an_import_is_refused_past_the_import_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crampcare import inputfiles
    from crampcare.diary.importexport import import_file

    monkeypatch.setattr(inputfiles, "IMPORT_LIMIT", 300_000)
    path = tmp_path / "blank.json"
    path.write_bytes(b" " * 300_001)  # white space only: read on, chunk by chunk, to the limit
    with pytest.raises(InputError) as caught:
        import_file(path, db_url=f"sqlite:///{tmp_path}/d.db")
    assert caught.value.field == "FILE" and "is larger than 0 MiB" not in caught.value.message
    assert "larger than 292 KiB; nothing was imported" in caught.value.message


def test_the_limit_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b" " * PROFILE_LIMIT)
    assert len(read_text(path, field="--profile")) == PROFILE_LIMIT
    path.write_bytes(b" " * (PROFILE_LIMIT + 1))
    with pytest.raises(InputError) as caught:
        read_text(path, field="--profile")
    assert caught.value.field == "--profile"
    assert IMPORT_LIMIT == 64 * 1024 * 1024


def test_line_ends_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b\r\n"x\ry",z\r\n')
    assert read_text(path, field="FILE") == 'a,b\r\n"x\ry",z\r\n'
