"""Imports are read as a stream (crampcare.diary.importstream): records that cross the reader's chunks arrive
whole, line numbers stay right deep into a large file, an over-long record or row is refused naming its line,
and an error anywhere leaves the diary as it was (all or nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crampcare.diary import importexport, importstream, service
from crampcare.errors import InputError
from diary.sample import EPISODE

HEADER = "started,duration_minutes,muscle,side,setting,pain,note"


def _episodes(count: int) -> list[dict[str, Any]]:
    # Distinct minutes, and notes of varied length, so that records fall across the 64 KiB chunks at every offset.
    return [
        {
            **EPISODE,
            "started": f"2024-0{1 + i // 28000}-{1 + i // 1000 % 28:02d}T{i // 60 % 16 + 1:02d}:{i % 60:02d}:00+01:00",
            "note": "ache " * (i % 37),
        }
        for i in range(count)
    ]


def _clock(i: int) -> str:
    return f"{i // 60 % 16 + 1:02d}:{i % 60:02d}"


def _json_file(tmp_path: Path, episodes: list[dict[str, Any]]) -> Path:
    lines = ['{"format": "crampcare-diary", "version": 1, "episodes": [']
    lines += [
        json.dumps(e, ensure_ascii=False) + ("," if i < len(episodes) - 1 else "") for i, e in enumerate(episodes)
    ]
    lines += ["]}"]
    path = tmp_path / "big.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_large_json_import_arrives_whole_across_chunks(db_url: str, tmp_path: Path) -> None:
    sqlite_url = db_url
    episodes = _episodes(3000)
    path = _json_file(tmp_path, episodes)
    assert path.stat().st_size > 10 * importstream.CHUNK  # many chunk boundaries inside records
    assert importexport.import_file(path, db_url=sqlite_url)["episodes"] == 3000
    notes = sorted(e["note"] for e in service.list_episodes(db_url=sqlite_url, limit=10000))
    assert notes == sorted(e["note"] for e in episodes)


def test_an_error_deep_in_a_large_file_names_its_line_and_nothing_is_imported(db_url: str, tmp_path: Path) -> None:
    sqlite_url = db_url  # on both databases
    episodes = _episodes(3000)
    episodes[2500]["pain"] = 17
    path = _json_file(tmp_path, episodes)
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    # line 1 is the header line, so the record at index i is on line i + 2
    assert caught.value.message.startswith("line 2502 (episodes): pain: must be from 0 to 10")
    assert service.list_episodes(db_url=sqlite_url) == []  # the first 2,000 were written, then rolled back


def test_an_over_long_json_record_is_refused_naming_its_line(sqlite_url: str, tmp_path: Path) -> None:
    episodes = _episodes(3)
    episodes[1]["note"] = "x" * (importstream.RECORD_LIMIT + 10)  # longer than any note may be, and than a record
    path = _json_file(tmp_path, episodes)
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    assert caught.value.field == "FILE"
    assert caught.value.message == "line 3: a record longer than 256 KiB (nothing was imported)"
    assert service.list_episodes(db_url=sqlite_url) == []


def test_an_over_long_csv_row_is_refused_naming_its_line(sqlite_url: str, tmp_path: Path) -> None:
    row = "2024-01-02T23:10:00+01:00,2,calf,left,bed_night,5,"
    path = tmp_path / "big.csv"
    path.write_text(f"{HEADER}\n{row}ok\n{row}ok too\n{row}{'y' * importstream.RECORD_LIMIT}\n{row}\n")
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    assert caught.value.message == "line 4: a row longer than 256 KiB (nothing was imported)"
    assert service.list_episodes(db_url=sqlite_url) == []


def test_a_large_csv_import_keeps_line_numbers(sqlite_url: str, tmp_path: Path) -> None:
    rows = [
        f"2024-01-{1 + i // 1000:02d}T{i // 60 % 16 + 1:02d}:{i % 60:02d}:00+01:00,2,calf,left,bed_night,5,"
        f'"a note, with a comma {"z" * (i % 50)}"'
        for i in range(4000)
    ]
    rows[3999] = rows[3999].replace(",calf,", ",elbow,")
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    assert caught.value.message.startswith("line 4001 (episodes): muscle: ")
    path.write_text(HEADER + "\n" + "\n".join(rows[:3999]) + "\n")
    assert importexport.import_file(path, db_url=sqlite_url)["episodes"] == 3999


def test_a_repeated_top_level_key_and_trailing_data_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"format": "crampcare-diary", "version": 1, "episodes": [], "episodes": []}')
    with pytest.raises(InputError, match="'episodes' is given more than once"):
        importexport.read_file(path)
    path.write_text('{"format": "crampcare-diary", "version": 1, "episodes": []} []')
    with pytest.raises(InputError, match=r"^FILE: line 1: not valid JSON: Extra data"):
        importexport.read_file(path)


def test_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        f"{HEADER}\n".encode() + "2024-01-02T23:10:00+01:00,2,calf,left,bed_night,5,café\n".encode("latin-1")
    )
    with pytest.raises(InputError, match=r"^FILE: .* is not UTF-8 text"):
        importexport.read_file(path)
