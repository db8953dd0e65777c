"""Experiments travel with the diary's JSON export (issue 16): export, wipe, import gives back the same
experiments, check-ins, events and answer, on SQLite and PostgreSQL, through the streaming importer."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from crampcare.diary import service as diary
from crampcare.diary.importexport import export_data, import_file, to_csv, to_json
from crampcare.errors import InputError
from crampcare.experiments import service

from .test_service import START, begin, cramp

LATER = START + dt.timedelta(days=200)  # every experiment below has ended by then


def _story(db_url: str) -> dict[str, Any]:
    """An experiment with check-ins (long notes: the records cross the importer's 64 KiB chunks), a warning
    sign seen to (resume), cramps, and a stop."""
    begin(db_url, run_in=False)
    day = START + dt.timedelta(days=2)
    cramp(db_url, day, hour=15, minutes=25, setting="sitting")  # a red flag: pauses the experiment
    service.resume(db_url=db_url, today=day)
    for offset in range(40):
        when = START + dt.timedelta(days=offset)
        note = f"day {offset}: " + "stretched both calves, slept fine. " * 50  # about 1,750 characters
        service.day({"day": when.isoformat(), "done": offset % 3 != 0, "note": note}, db_url=db_url, today=when)
        if offset % 4 == 0:
            cramp(db_url, when)
    service.stop("holiday", db_url=db_url, today=START + dt.timedelta(days=40))
    return service.status(db_url=db_url, today=LATER)


def _comparable(state: dict[str, Any]) -> dict[str, Any]:
    """A status without database ids (the import gives new ones)."""
    state = json.loads(json.dumps(state))
    state.pop("id")
    state["basis"].pop("profile_version")
    for flag in state["red_flags"]:
        flag.pop("episode_id", None)
    return state


def _export(db_url: str, path: Path) -> str:
    text = to_json(export_data(db_url=db_url))
    path.write_text(text, encoding="utf-8")
    return text


def test_export_wipe_import_gives_the_same_experiment(db_url: str, tmp_path: Path) -> None:
    before = _story(db_url)
    assert before["stop_kind"] == "stopped" and [e["kind"] for e in before["events"]] == ["resume", "stop"]
    path = tmp_path / "diary.json"
    text = _export(db_url, path)
    assert len(text.encode()) > 64 * 1024  # the experiment sections start past the first chunk
    diary.wipe(db_url=db_url)
    result = import_file(path, db_url=db_url, today=LATER)
    assert result["experiments"] == 1 and result["experiment_conflicts"] == []
    after = service.status(db_url=db_url, today=LATER)
    assert _comparable(after) == _comparable(before)
    assert after["basis"]["profile_version"] is not None  # found again by the time the profile was saved
    assert to_json(export_data(db_url=db_url)) == text  # and it exports exactly as before


def test_a_resumed_warning_sign_stays_seen_to_after_the_round_trip(db_url: str, tmp_path: Path) -> None:
    begin(db_url, run_in=False)
    day = START + dt.timedelta(days=2)
    cramp(db_url, day, hour=15, minutes=25, setting="sitting")
    service.resume(db_url=db_url, today=day)
    path = tmp_path / "diary.json"
    _export(db_url, path)
    assert '"episodes_started": ["2024-03-20T14:30:00Z"]' in path.read_text(encoding="utf-8")  # no database id
    diary.wipe(db_url=db_url)
    import_file(path, db_url=db_url, today=day)
    assert service.status(db_url=db_url, today=day)["status"] == "running"  # not paused again


def test_importing_the_same_export_again_adds_no_experiment(db_url: str, tmp_path: Path) -> None:
    _story(db_url)
    path = tmp_path / "diary.json"
    _export(db_url, path)
    again = import_file(path, db_url=db_url, today=LATER)
    assert again["experiments"] == 0 and again["experiments_identical"] == 1 and again["experiment_conflicts"] == []
    assert len(service.list_all(db_url=db_url, today=LATER)) == 1


def test_a_differing_copy_keeps_the_diarys_own_and_says_so(db_url: str, tmp_path: Path) -> None:
    _story(db_url)
    path = tmp_path / "diary.json"
    text = _export(db_url, path)
    path.write_text(text.replace('"done": true, "experiment": 1', '"done": false, "experiment": 1', 1), "utf-8")
    result = import_file(path, db_url=db_url, today=LATER)
    assert result["experiments"] == 0 and "differs from the file's and was kept" in result["experiment_conflicts"][0]
    assert service.status(db_url=db_url, today=LATER)["checkins"][1]["done"] is True  # day 1 as stored


def test_an_experiment_under_way_is_not_added_beside_another(db_url: str, tmp_path: Path) -> None:
    begin(db_url)  # under way on START
    path = tmp_path / "diary.json"
    _export(db_url, path)
    diary.wipe(db_url=db_url)
    diary.save_profile({"age_years": 60, "sex": "female"}, db_url=db_url)
    other = START + dt.timedelta(days=1)
    service.start(
        {"intervention": "nightly_calf_hamstring_stretching", "start": other.isoformat()}, db_url=db_url, today=other
    )
    result = import_file(path, db_url=db_url, today=other)
    assert result["experiments"] == 0 and "one experiment at a time" in result["experiment_conflicts"][0]
    assert service.status(db_url=db_url, today=other)["design"]["start"] == other.isoformat()


def test_an_older_experiment_brought_in_does_not_become_the_current_one(db_url: str, tmp_path: Path) -> None:
    _story(db_url)
    path = tmp_path / "diary.json"
    text = _export(db_url, path)
    # Created a month before the one below (both are made within a second here: the order would be the ids')
    path.write_text(re.sub(r'"created_utc": "[^"]+"', '"created_utc": "2024-03-18T07:00:00Z"', text), "utf-8")
    diary.wipe(db_url=db_url)
    diary.save_profile({"age_years": 60, "sex": "female"}, db_url=db_url)
    service.start(
        {"intervention": "nightly_calf_hamstring_stretching", "start": LATER.isoformat()}, db_url=db_url, today=LATER
    )
    import_file(path, db_url=db_url, today=LATER + dt.timedelta(days=400))
    assert len(service.list_all(db_url=db_url, today=LATER)) == 2
    assert service.status(db_url=db_url, today=LATER)["design"]["start"] == LATER.isoformat()


def _flip_orders(text: str) -> str:
    """The file's experiment with a pair order that the seed did not draw."""
    start = text.index('"orders": [')
    end = text.index("]", start) + 1
    orders = json.loads(text[start + len('"orders": ') : end])
    orders[0] = "BA" if orders[0] == "AB" else "AB"
    return text[:start] + '"orders": ' + json.dumps(orders) + text[end:]


@pytest.mark.parametrize(
    ("old", "new", "section", "field"),
    [
        (None, None, "experiments", "orders"),
        ('"pairs": 3', '"pairs": 30', "experiments", "pairs"),
        ('"stop_kind": "stopped"', '"stop_kind": null', "experiments", "stop_kind"),
        ('"done": true, "experiment": 1', '"done": true, "experiment": 7', "experiment_days", "experiment"),
        ('"day": "2024-03-19"', '"day": "2025-03-19"', "experiment_days", "day"),
        ('"kind": "stop"', '"kind": "pause"', "experiment_events", "kind"),
    ],
)
def test_a_damaged_experiment_names_its_line_and_field_and_nothing_is_imported(
    sqlite_url: str, tmp_path: Path, old: str | None, new: str | None, section: str, field: str
) -> None:
    _story(sqlite_url)
    path = tmp_path / "diary.json"
    text = _export(sqlite_url, path)
    if old is None or new is None:
        damaged, marker = _flip_orders(text), '"orders"'
    else:
        assert old in text
        damaged, marker = text.replace(old, new, 1), new
    path.write_text(damaged, encoding="utf-8")
    line = next(n for n, row in enumerate(damaged.splitlines(), start=1) if marker in row)
    diary.wipe(db_url=sqlite_url)
    with pytest.raises(InputError) as caught:
        import_file(path, db_url=sqlite_url, today=LATER)
    message = caught.value.message
    assert message.startswith(f"line {line} ({section}): {field}") and "nothing was imported" in message
    assert diary.list_episodes(db_url=sqlite_url) == [] and service.list_all(db_url=sqlite_url, today=LATER) == []


def test_an_export_from_before_experiments_still_imports(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        '{\n  "format": "crampcare-diary",\n  "version": 1,\n  "profile_versions": [],\n  "episodes": [],\n'
        '  "checkins": []\n}\n',
        encoding="utf-8",
    )
    assert import_file(path, db_url=sqlite_url)["experiments"] == 0


def test_csv_holds_episodes_only_and_its_import_leaves_experiments_alone(sqlite_url: str, tmp_path: Path) -> None:
    before = _story(sqlite_url)
    data = export_data(db_url=sqlite_url)
    path = tmp_path / "episodes.csv"
    path.write_text(to_csv(data["episodes"]), encoding="utf-8")
    result = import_file(path, db_url=sqlite_url, today=LATER)
    assert result["episodes"] == 0 and result["skipped_duplicates"] == len(data["episodes"])
    assert service.status(db_url=sqlite_url, today=LATER) == before


def test_a_day_outside_its_experiment_is_refused_with_the_dates_in_russian(sqlite_url: str, tmp_path: Path) -> None:
    from crampcare import i18n
    from english_left import iso_dates_left

    _story(sqlite_url)
    path = tmp_path / "diary.json"
    text = _export(sqlite_url, path)
    path.write_text(text.replace('"day": "2024-03-19"', '"day": "2025-03-19"', 1), encoding="utf-8")
    diary.wipe(db_url=sqlite_url)
    with pytest.raises(InputError) as english:
        import_file(path, db_url=sqlite_url, today=LATER)
    assert "2025-03-19 is outside experiment 1" in english.value.message  # English keeps the ISO date
    with i18n.use("ru"), pytest.raises(InputError) as russian:
        import_file(path, db_url=sqlite_url, today=LATER)
    said = f"{russian.value.message} {russian.value.valid}"
    assert "19 марта 2025" in said and iso_dates_left(said) == [], said
