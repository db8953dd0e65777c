from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from crampcare.diary import importexport, service
from crampcare.errors import InputError
from diary.sample import EPISODE, fill


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
    assert result == {
        "episodes": 30,
        "skipped_duplicates": 0,
        "checkins": 70,
        "checkins_identical": 0,
        "checkin_conflicts": [],
        "profile_versions": 1,
        "experiments": 0,
        "experiments_identical": 0,
        "experiment_conflicts": [],
    }
    assert importexport.export_data(db_url=target) == importexport.export_data(db_url=db_url)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_whether_someone_was_there_survives_export_and_import(sqlite_url: str, tmp_path: Path, fmt: str) -> None:
    service.log_episode(EPISODE | {"helper": True}, db_url=sqlite_url)
    service.log_episode(EPISODE | {"pain": 2}, db_url=sqlite_url)
    path = _export(sqlite_url, tmp_path, fmt)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert importexport.import_file(path, db_url=target)["episodes"] == 2
    assert sorted(e["helper"] for e in service.list_episodes(db_url=target)) == [False, True]
    assert importexport.import_file(path, db_url=target)["skipped_duplicates"] == 2


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_swelling_and_weakness_survive_export_and_import(sqlite_url: str, tmp_path: Path, fmt: str) -> None:
    service.log_episode(EPISODE | {"swelling": True}, db_url=sqlite_url)
    service.log_episode(EPISODE | {"weakness": True, "pain": 3}, db_url=sqlite_url)
    service.log_episode(EPISODE | {"pain": 2}, db_url=sqlite_url)
    path = _export(sqlite_url, tmp_path, fmt)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert importexport.import_file(path, db_url=target)["episodes"] == 3
    got = sorted((e["pain"], e["swelling"], e["weakness"]) for e in service.list_episodes(db_url=target))
    assert got == [(2, False, False), (3, False, True), (EPISODE["pain"], True, False)]
    assert importexport.import_file(path, db_url=target)["skipped_duplicates"] == 3


def test_an_export_from_before_the_warning_signs_imports_without_them(sqlite_url: str, tmp_path: Path) -> None:
    service.log_episode(EPISODE, db_url=sqlite_url)
    data = importexport.export_data(db_url=sqlite_url)
    for episode in data["episodes"]:
        del episode["swelling"], episode["weakness"]
    path = tmp_path / "old.json"
    path.write_text(importexport.to_json(data))
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert importexport.import_file(path, db_url=target)["episodes"] == 1
    stored = service.list_episodes(db_url=target)[0]
    assert stored["swelling"] is False and stored["weakness"] is False


def test_an_export_from_before_the_helper_flag_imports_as_alone(sqlite_url: str, tmp_path: Path) -> None:
    service.log_episode(EPISODE, db_url=sqlite_url)
    data = importexport.export_data(db_url=sqlite_url)
    for episode in data["episodes"]:
        del episode["helper"]
    path = tmp_path / "old.json"
    path.write_text(importexport.to_json(data))
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert importexport.import_file(path, db_url=target)["episodes"] == 1
    assert service.list_episodes(db_url=target)[0]["helper"] is False


def test_importing_twice_adds_nothing(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    path = _export(sqlite_url, tmp_path, "json")
    again = importexport.import_file(path, db_url=sqlite_url)
    assert again["episodes"] == 0 and again["skipped_duplicates"] == 30 and again["profile_versions"] == 0
    assert again["checkins"] == 0 and again["checkins_identical"] == 70 and again["checkin_conflicts"] == []
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
    assert caught.value.one_line().startswith(f"line {bad_line + 1} (episodes): pain: ")
    assert "nothing was imported" in caught.value.one_line()
    assert service.list_episodes(db_url=db_url) == [] and service.list_checkins(db_url=db_url) == []


def test_csv_error_names_the_line(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "started,duration_minutes,muscle,side,setting,pain\n"
        "2024-05-01T02:00+02:00,2,calf,left,bed_night,5\n"
        "2024-05-02T02:00+02:00,2,elbow,left,bed_night,5\n"
    )
    with pytest.raises(InputError, match=r"^line 3 \(episodes\): muscle: "):
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
ROW = "2024-05-01T23:00:00+00:00,3,calf,left,bed_night,5,,,,,,,,,"


@pytest.mark.parametrize(
    "row",
    [ROW + ",extra,values", "2024-05-01T23:00:00+00:00,3,calf,left,bed_night"],
    ids=["too-many", "too-few"],
)
def test_a_csv_row_with_the_wrong_number_of_values_names_its_line(sqlite_url: str, tmp_path: Path, row: str) -> None:
    path = tmp_path / "diary.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{row}\n")
    with pytest.raises(InputError, match=r"^FILE: line 3: \d+ value\(s\), but the header has 15 columns"):
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


# --- nothing the user saved is lost: audit items 1, 2, 6 and 8 -----------------------------------

TWINS = [  # same start, muscle and side; different pain and note: two real episodes
    EPISODE | {"pain": 5, "note": "woke me"},
    EPISODE | {"pain": 8, "note": "second one, worse"},
]


def _write_json(tmp_path: Path, **sections: list[dict[str, Any]]) -> Path:
    path = tmp_path / "diary.json"
    path.write_text(importexport.to_json({name: sections.get(name, []) for name in importexport.SECTIONS}))
    return path


def _stored(db_url: str) -> list[tuple[int, str]]:
    return sorted((e["pain"], e["note"]) for e in service.list_episodes(db_url=db_url))


def test_episodes_sharing_start_muscle_and_side_are_all_imported(db_url: str, tmp_path: Path) -> None:
    for episode in TWINS:
        service.log_episode(episode, db_url=db_url)
    path = _export(db_url, tmp_path, "json")
    target = f"sqlite:///{tmp_path / 'empty.db'}"
    result = importexport.import_file(path, db_url=target)
    assert result["episodes"] == 2 and result["skipped_duplicates"] == 0
    assert _stored(target) == [(5, "woke me"), (8, "second one, worse")]


def test_an_episode_differing_only_in_pain_or_note_is_not_a_duplicate(db_url: str, tmp_path: Path) -> None:
    service.log_episode(TWINS[0], db_url=db_url)
    path = _write_json(tmp_path, episodes=[TWINS[0], TWINS[1], TWINS[0] | {"note": "other words"}])
    result = importexport.import_file(path, db_url=db_url)
    assert result["episodes"] == 2 and result["skipped_duplicates"] == 1
    assert _stored(db_url) == [(5, "other words"), (5, "woke me"), (8, "second one, worse")]


def test_identical_episodes_in_one_file_are_both_kept_and_each_matches_one_stored(db_url: str, tmp_path: Path) -> None:
    path = _write_json(tmp_path, episodes=[TWINS[0], TWINS[0]])
    assert importexport.import_file(path, db_url=db_url)["episodes"] == 2  # two identical cramps: both real
    service.log_episode(TWINS[0], db_url=f"sqlite:///{tmp_path / 'one.db'}")
    result = importexport.import_file(path, db_url=f"sqlite:///{tmp_path / 'one.db'}")
    assert result["episodes"] == 1 and result["skipped_duplicates"] == 1  # one already there, one added
    again = importexport.import_file(path, db_url=db_url)
    assert again["episodes"] == 0 and again["skipped_duplicates"] == 2


def test_import_never_overwrites_a_stored_check_in(db_url: str, tmp_path: Path) -> None:
    older = [{"day": "2024-01-01", "water_litres": 1.0}, {"day": "2024-01-02", "note": "old"}, {"day": "2024-01-03"}]
    service.save_checkin({"day": "2024-01-01", "water_litres": 1.0}, db_url=db_url)
    service.save_checkin({"day": "2024-01-02", "water_litres": 3, "note": "newer data"}, db_url=db_url)
    path = _write_json(tmp_path, checkins=older)
    result = importexport.import_file(path, db_url=db_url)
    assert (result["checkins"], result["checkins_identical"], result["checkin_conflicts"]) == (1, 1, ["2024-01-02"])
    kept = {c["day"]: c for c in service.list_checkins(db_url=db_url)}
    assert kept["2024-01-02"]["water_litres"] == 3 and kept["2024-01-02"]["note"] == "newer data"
    again = importexport.import_file(path, db_url=db_url)
    assert again["checkins"] == 0 and again["checkins_identical"] == 2


def test_the_named_time_zone_survives_export_and_import(db_url: str, tmp_path: Path) -> None:
    started = dt.datetime(2024, 5, 8, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    service.log_episode(EPISODE | {"started": started}, db_url=db_url)
    for fmt in ("json", "csv"):
        path = _export(db_url, tmp_path, fmt)
        target = f"sqlite:///{tmp_path / f'{fmt}.db'}"
        importexport.import_file(path, db_url=target)
        (episode,) = service.list_episodes(db_url=target)
        assert episode["tz"] == "Europe/Berlin" and episode["started"] == "2024-05-08T02:30:00+02:00"


def test_a_tz_that_contradicts_the_offset_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    path = _write_json(tmp_path, episodes=[EPISODE | {"tz": "America/New_York"}])
    with pytest.raises(InputError, match=r"^line \d+ \(episodes\): tz: America/New_York was -04:00"):
        importexport.import_file(path, db_url=sqlite_url)


@pytest.mark.parametrize(
    ("tz", "says"), [("+99:00", "out of range"), ("x" * 300, "unknown time zone"), ("Mars/Olympus", "unknown")]
)
def test_a_bad_tz_in_a_file_is_an_input_error_naming_it(sqlite_url: str, tmp_path: Path, tz: str, says: str) -> None:
    path = _write_json(tmp_path, episodes=[EPISODE | {"tz": tz}])
    with pytest.raises(InputError, match=rf"^line \d+ \(episodes\): tz: .*{says}"):
        importexport.import_file(path, db_url=sqlite_url)


@pytest.mark.parametrize(
    ("document", "wrong"),
    [
        ({"format": "crampcare-diary", "version": 1, "episode": []}, r"^FILE: unknown top-level key 'episode'"),
        ({"format": "crampcare-diary", "episodes": []}, r"^version: is required"),
    ],
    ids=["unknown-key", "no-version"],
)
def test_unknown_keys_and_a_missing_version_are_refused(tmp_path: Path, document: object, wrong: str) -> None:
    path = tmp_path / "diary.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=wrong):
        importexport.read_file(path)


def test_an_unclosed_csv_quote_is_refused_not_swallowed(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    # The open quote in the last column would otherwise take every following row into one note.
    path.write_text(f'{HEADER}\n{ROW}\n{ROW[:-1]}"never closed\n{ROW}\n{ROW}\n')
    with pytest.raises(InputError, match=r"^FILE: line 3: broken quoting"):
        importexport.import_file(path, db_url=sqlite_url)
    assert service.list_episodes(db_url=sqlite_url) == []


def test_a_day_twice_in_one_file_names_both_lines_and_imports_nothing(sqlite_url: str, tmp_path: Path) -> None:
    path = _write_json(
        tmp_path, episodes=[EPISODE], checkins=[{"day": "2024-01-02", "water_litres": 1}, {"day": "2024-01-02"}]
    )
    with pytest.raises(InputError, match=r"^line 10 \(checkins\): day 2024-01-02 is already on line 9"):
        importexport.import_file(path, db_url=sqlite_url)
    assert service.list_episodes(db_url=sqlite_url) == []


def test_a_profile_version_error_names_its_section(sqlite_url: str, tmp_path: Path) -> None:
    path = _write_json(tmp_path, profile_versions=[{"saved_utc": "2024-01-01T00:00:00Z", "profile": {"sex": "x"}}])
    with pytest.raises(InputError, match=r"^line 5 \(profile_versions\): age_years: "):
        importexport.import_file(path, db_url=sqlite_url)


@pytest.mark.parametrize(
    ("section", "record", "expected"),
    [
        ("episodes", EPISODE | {"pain": "6"}, 'pain: must be a whole number, not a string ("6")'),
        ("episodes", EPISODE | {"pain": 6.5}, "pain: must be a whole number, not a number (6.5)"),
        ("episodes", EPISODE | {"duration_minutes": "3"}, 'duration_minutes: must be a number, not a string ("3")'),
        ("episodes", EPISODE | {"duration_minutes": True}, "duration_minutes: must be a number, not true/false"),
        ("episodes", EPISODE | {"triggers": ["heat", 3]}, "triggers.1: must be text, not a number (3)"),
        ("episodes", EPISODE | {"tried": [{"id": "x", "effect": "2"}]}, "tried.0.effect: must be a whole number"),
        ("checkins", {"day": "2024-05-01", "heat": "yes"}, 'heat: must be true or false or null, not a string ("yes")'),
        ("checkins", {"day": "2024-05-01", "water_litres": "1.5"}, "water_litres: must be a number or null"),
        ("checkins", {"day": "2024-05-01", "medicines": "magnesium"}, "medicines: must be a list, not a string"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused_not_converted(
    sqlite_url: str, tmp_path: Path, section: str, record: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"format": "crampcare-diary", "version": 1, section: [record]}, indent=1))
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    assert caught.value.one_line().startswith(f"line 5 ({section}): {expected}")
    assert "nothing was imported" in caught.value.one_line()
    assert service.list_episodes(db_url=sqlite_url) == [] and service.list_checkins(db_url=sqlite_url) == []


@pytest.mark.parametrize("name", ["empty.json", "empty.csv"])
@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_an_empty_file_is_said_to_be_empty(sqlite_url: str, tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        importexport.import_file(path, db_url=sqlite_url)
    assert caught.value.field == "FILE" and caught.value.message == f"{path} is empty"


def test_an_older_export_with_a_zero_minute_episode_still_imports(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    document = {"format": "crampcare-diary", "version": 1, "episodes": [EPISODE | {"duration_minutes": 0}]}
    path.write_text(json.dumps(document))
    assert importexport.import_file(path, db_url=sqlite_url)["episodes"] == 1


def test_an_old_zero_minute_episode_can_get_a_new_start_but_not_a_new_zero_duration(
    sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "old.json"
    document = {"format": "crampcare-diary", "version": 1, "episodes": [EPISODE | {"duration_minutes": 0}]}
    path.write_text(json.dumps(document))
    importexport.import_file(path, db_url=sqlite_url)
    (episode,) = service.list_episodes(db_url=sqlite_url)
    moved = service.edit_episode(episode["id"], {"started": "2024-05-02T22:00+02:00"}, db_url=sqlite_url)
    assert moved["started"] == "2024-05-02T22:00:00+02:00" and moved["duration_minutes"] == 0
    with pytest.raises(InputError) as caught:
        service.edit_episode(episode["id"], {"duration_minutes": 0}, db_url=sqlite_url)
    assert caught.value.field == "duration_minutes"
    with pytest.raises(InputError) as caught:
        service.edit_episode(episode["id"], {"started": "2024-05-02T22:00+14:30"}, db_url=sqlite_url)
    assert caught.value.field == "started"


def test_csv_helper_column_reads_true_false_and_names_anything_else() -> None:
    from crampcare.diary.exportfile import _csv_row
    from crampcare.diary.importexport import _episode
    from crampcare.errors import InputError

    row = {"started": "2024-05-01T22:00+00:00", "duration_minutes": "2", "muscle": "calf", "side": "left"}
    row |= {"setting": "bed_night", "pain": "5", "triggers": "", "tried": ""}
    assert _episode(_csv_row({**row, "helper": "TRUE"})).helper is True
    assert _episode(_csv_row({**row, "helper": "false"})).helper is False
    with pytest.raises(InputError) as caught:
        _episode(_csv_row({**row, "helper": "maybe"}))
    assert "helper" in caught.value.one_line()
    assert _episode(_csv_row({**row, "swelling": "true", "weakness": "False"})).swelling is True
    with pytest.raises(InputError) as caught:
        _episode(_csv_row({**row, "weakness": "a bit"}))
    assert "weakness" in caught.value.one_line()
