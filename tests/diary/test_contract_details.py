"""Small contract rules: unknown database URL options are refused, backup --out never creates folders, and a
duration has a sane lower bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcare.diary.backup import backup_sqlite
from crampcare.diary.db import checked_url
from crampcare.diary.schemas import EpisodeIn, validate
from crampcare.errors import InputError
from diary.sample import EPISODE


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///diary.db?mode=ro",
        "sqlite:///diary.db?timeout=1",
        "postgresql+psycopg://u@h/db?readonly=1",
        "postgresql+psycopg://u@h/db?sslmode=require&bogus=1",
    ],
)
def test_unknown_database_url_options_are_refused(url: str) -> None:
    with pytest.raises(InputError) as caught:
        checked_url(url, field="--db")
    assert caught.value.field == "--db" and "unknown database URL option" in caught.value.message


def test_libpq_options_are_kept() -> None:
    url = "postgresql+psycopg://u@h/db?sslmode=require&connect_timeout=5&options=-csearch_path%3Dx"
    assert checked_url(url, field="--db") == url


def test_backup_out_does_not_create_missing_folders(sqlite_url: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "b.db"
    with pytest.raises(InputError) as caught:
        backup_sqlite(sqlite_url, target)
    assert caught.value.field == "--out" and "no folder" in caught.value.message
    assert not (tmp_path / "no").exists()
    assert backup_sqlite(sqlite_url, tmp_path / "b.db").exists()  # an existing folder is fine


def test_a_duration_of_three_seconds_is_the_shortest() -> None:
    assert validate(EpisodeIn, EPISODE | {"duration_minutes": 0.05}).duration_minutes == 0.05
