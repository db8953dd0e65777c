"""The local server keeps its session secret across restarts, readable by its owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from crampcare.api.settings import MIN_SECRET_LENGTH, local_secret


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    return tmp_path / "crampcare" / "local-secret"


def test_the_secret_is_made_once_and_then_kept(data_home: Path) -> None:
    first = local_secret()
    assert len(first) >= MIN_SECRET_LENGTH
    assert local_secret() == first  # a restart: the same secret, so open forms stay valid
    assert stat.S_IMODE(os.stat(data_home).st_mode) == 0o600


def test_a_damaged_secret_file_is_replaced(data_home: Path) -> None:
    data_home.parent.mkdir(parents=True)
    data_home.write_text("short")
    made = local_secret()
    assert made != "short" and len(made) >= MIN_SECRET_LENGTH
    assert data_home.read_text() == made


def test_a_secret_file_others_can_read_is_not_trusted(data_home: Path) -> None:
    data_home.parent.mkdir(parents=True)
    data_home.write_text("x" * 40)
    data_home.chmod(0o644)
    made = local_secret()
    assert made != "x" * 40
    assert stat.S_IMODE(os.stat(data_home).st_mode) == 0o600 and data_home.read_text() == made
