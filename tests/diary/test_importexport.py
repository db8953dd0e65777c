from __future__ import annotations

import json
from pathlib import Path

import pytest

from crampcare.diary import importexport, service
from crampcare.errors import InputError
from diary.sample import fill


def _export(db_url: str, tmp_path: Path, fmt: str) -> Path:
    data = importexport.export_data(db_url=db_url)
    path = tmp_path / f"diary.{fmt}"
    path.write_text(importexport.to_json(data) if fmt == "json" else importexport.to_csv(data["episodes"]))
    return path


def test_json_round_trip_keeps_everything(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    path = _export(db_url, tmp_path, "json")
    json.loads(path.read_text())  # valid JSON
    target = f"sqlite:///{tmp_path / 'target.db'}"
    result = importexport.import_file(path, db_url=target)
    assert result == {"episodes": 30, "skipped_duplicates": 0, "checkins": 70, "profile_versions": 1}
    assert importexport.export_data(db_url=target) == importexport.export_data(db_url=db_url)


def test_importing_twice_adds_nothing(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    path = _export(sqlite_url, tmp_path, "json")
    again = importexport.import_file(path, db_url=sqlite_url)
    assert again["episodes"] == 0 and again["skipped_duplicates"] == 30 and again["profile_versions"] == 0
    assert len(service.list_episodes(db_url=sqlite_url, limit=None)) == 30


def test_csv_round_trip(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    path = _export(db_url, tmp_path, "csv")
    assert path.read_text().splitlines()[0].startswith("started,duration_minutes,muscle")
    service.wipe(db_url=db_url)
    assert importexport.import_file(path, db_url=db_url)["episodes"] == 30


def test_a_bad_record_names_line_and_field_and_imports_nothing(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    path = _export(db_url, tmp_path, "json")
    lines = path.read_text().splitlines()
    bad_line = next(i for i, line in enumerate(lines) if '"pain": ' in line) + 5
    lines[bad_line] = lines[bad_line].replace('"pain": ', '"pain": 1', 1)  # e.g. 7 → 17
    path.write_text("\n".join(lines))
    service.wipe(db_url=db_url)
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=db_url)
    assert caught.value.one_line().startswith(f"line {bad_line + 1}: pain: ")
    assert "nothing was imported" in caught.value.one_line()
    assert service.list_episodes(db_url=db_url) == [] and service.list_checkins(db_url=db_url) == []


def test_csv_error_names_the_line(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "started,duration_minutes,muscle,side,setting,pain\n"
        "2024-05-01T02:00+02:00,2,calf,left,bed_night,5\n"
        "2024-05-02T02:00+02:00,2,elbow,left,bed_night,5\n"
    )
    with pytest.raises(InputError, match=r"^line 3: muscle: "):
        importexport.import_file(path, db_url=sqlite_url)
    assert service.list_episodes(db_url=sqlite_url) == []


def test_broken_json_names_the_line(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "crampcare-diary",\n  "episodes": [\n    {"pain": 3,}\n  ]\n}\n')
    with pytest.raises(InputError, match=r"line 4: not valid JSON"):
        importexport.import_file(path, db_url=sqlite_url)


def test_progress_is_reported(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    path = _export(sqlite_url, tmp_path, "json")
    calls: list[tuple[int, int]] = []
    importexport.import_file(
        path, db_url=f"sqlite:///{tmp_path / 'other.db'}", progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (30, 30)


def test_import_keeps_when_each_profile_version_was_saved(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round trip once failed when the import ran in a later second than the profile's save (it re-stamped it)."""
    import datetime as dt

    from crampcare.diary import repository

    fill(db_url)
    path = _export(db_url, tmp_path, "json")
    monkeypatch.setattr(repository, "_now", lambda: dt.datetime(2030, 1, 1, 12, 0))  # an import much later
    target = f"sqlite:///{tmp_path / 'later.db'}"
    importexport.import_file(path, db_url=target)
    assert importexport.export_data(db_url=target) == importexport.export_data(db_url=db_url)


HEADER = ",".join(importexport.CSV_FIELDS)
ROW = "2024-05-01T23:00:00+00:00,3,calf,left,bed_night,5,,,,,"


@pytest.mark.parametrize(
    "row",
    [ROW + ",extra,values", "2024-05-01T23:00:00+00:00,3,calf,left,bed_night", '"2024-05-01T23:00,3,calf'],
    ids=["too-many", "too-few", "open-quote"],
)
def test_a_csv_row_with_the_wrong_number_of_values_names_its_line(sqlite_url: str, tmp_path: Path, row: str) -> None:
    path = tmp_path / "diary.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{row}\n")
    with pytest.raises(InputError, match=r"^FILE: line 3: \d+ value\(s\), but the header has 11 columns"):
        importexport.import_file(path, db_url=sqlite_url)
    assert service.list_episodes(db_url=sqlite_url) == []


@pytest.mark.parametrize(
    ("document", "wrong"),
    [
        ({"format": "crampcare-diary", "version": 1, "episodes": {"a": 1}}, r"^episodes: must be a list of records"),
        ({"format": "crampcare-diary", "version": 1, "checkins": None}, r"^checkins: must be a list of records"),
        ({"format": "crampcare-diary", "version": 99, "episodes": []}, r"^version: unsupported export version 99"),
        ([{"format": "crampcare-diary"}], r"^FILE: not a crampcare diary export"),
    ],
    ids=["episodes-object", "checkins-null", "future-version", "top-level-list"],
)
def test_a_json_export_of_the_wrong_shape_says_which_field(tmp_path: Path, document: object, wrong: str) -> None:
    path = tmp_path / "diary.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=wrong):
        importexport.read_file(path)


def test_a_json_export_nested_too_deeply_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "diary.json"
    path.write_text('{"format": "crampcare-diary", "x": ' + "[" * 50_000 + "]" * 50_000 + "}")
    with pytest.raises(InputError, match=r"^FILE: not a crampcare diary export"):
        importexport.read_file(path)
