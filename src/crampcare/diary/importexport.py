"""Export the diary as CSV or JSON, and import it back, all or nothing.

JSON holds everything (profile versions, episodes, check-ins) with one record
per line, so that an import error names the line a person can open in an
editor. CSV holds episodes only, one per row: triggers are joined with ";",
tried interventions as "id:effect;id:effect".

An import validates every record before writing any; then it writes all of
them in one transaction. Nothing stored is overwritten and nothing in the file
is dropped unless it is already stored:
- an episode is skipped only when an identical one (every field a person
  entered) is in the diary and not already matched by another record of the
  file, so two identical episodes in one export both arrive, and importing an
  export twice adds nothing;
- a check-in for a day that already has one is skipped when identical; when it
  differs, the stored one is kept and the day is reported as a conflict.
Profile versions keep the time they were saved, and episodes their named time
zone (`tz`), so an export of the imported diary equals the original export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crampcare.diary import repository as repo
from crampcare.diary.db import session_scope
from crampcare.diary.exportfile import (
    CSV_FIELDS,
    FORMAT,
    SECTIONS,
    VERSION,
    Located,
    neutral_cell,
    parse_csv,
    parse_json,
    read_file,
)
from crampcare.diary.models import CheckinRow, EpisodeRow
from crampcare.diary.schemas import CheckinIn, EpisodeIn, StoredEpisodeIn, validate
from crampcare.diary.timeutil import to_utc_naive, zone_from_label
from crampcare.errors import InputError

__all__ = ["CSV_FIELDS", "FORMAT", "SECTIONS", "VERSION", "export_data", "import_file", "parse_csv", "parse_json"]
__all__ += ["read_file", "to_csv", "to_json"]

BATCH = 2000
Progress = Callable[[int, int], None]


# --- export ----------------------------------------------------------------------------------


def export_data(*, db_url: str | None = None) -> dict[str, list[dict[str, Any]]]:
    with session_scope(db_url) as session:
        episodes = [repo.episode_dict(row) for row in reversed(repo.list_episodes(session=session))]
        checkins = [repo.checkin_dict(row) for row in repo.list_checkins(session=session)]
        profiles = [
            {"saved_utc": row.saved_utc.isoformat() + "Z", "profile": row.data}
            for row in repo.profile_versions(session=session)
        ]
    for episode in episodes:
        del episode["id"], episode["diary_day"]
    return {"profile_versions": profiles, "episodes": episodes, "checkins": checkins}


def to_json(data: dict[str, list[dict[str, Any]]]) -> str:
    """The export as JSON, one record per line."""
    lines = ["{", f'  "format": "{FORMAT}",', f'  "version": {VERSION},']
    for index, section in enumerate(SECTIONS):
        records = data.get(section, [])
        body = ",\n".join("    " + json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records)
        closing = "]" if index == len(SECTIONS) - 1 else "],"
        lines.append(f'  "{section}": [' + (f"\n{body}\n  {closing}" if records else closing))
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_csv(episodes: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    # CRLF (RFC 4180): the writer quotes a cell containing a character of the line end, so a note with a
    # carriage return (a browser sends line breaks as CRLF) is quoted instead of breaking its row.
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for episode in episodes:
        row = dict(episode)
        row["triggers"] = ";".join(episode["triggers"])
        row["tried"] = ";".join(f"{item['id']}:{item['effect']}" for item in episode["tried"])
        row["helper"] = "true" if episode.get("helper") else "false"
        cells = {key: "" if row.get(key) is None else row[key] for key in CSV_FIELDS}
        # No cell may start a spreadsheet formula (OWASP CSV injection); import undoes the quoting.
        writer.writerow({key: neutral_cell(value) if isinstance(value, str) else value for key, value in cells.items()})
    return out.getvalue()


# --- import ------------------------------------------------------------------------------------


def _saved_utc(record: dict[str, Any]) -> dt.datetime | None:
    """When an exported profile version was saved (naive UTC), or None when the record does not say."""
    value = record.get("saved_utc")
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"not a time: {value!r}", field="saved_utc", valid="ISO 8601 UTC such as 2024-05-01T08:00:00Z"
        ) from None
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _profile(record: dict[str, Any]) -> tuple[dict[str, Any], dt.datetime | None]:
    from crampcare.diary.service import check_profile

    return check_profile(record.get("profile", record), check_names=False), _saved_utc(record)


def _episode(record: dict[str, Any]) -> EpisodeIn:
    """An exported episode; its `tz` (a named zone such as Europe/Berlin) is put back on the start time."""
    fields = dict(record)
    label = fields.pop("tz", None)
    episode = validate(StoredEpisodeIn, fields)  # an export of any earlier version restores
    if label is None:
        return episode
    if not isinstance(label, str):
        raise InputError(f"must be text, not {label!r}", field="tz", valid="an IANA name such as Europe/Berlin")
    local = episode.started.astimezone(zone_from_label(label))
    if local.utcoffset() != episode.started.utcoffset():  # an edited file: which of the two is right is unknown
        raise InputError(
            f"{label} was {local.isoformat()[-6:]} at {episode.started.isoformat()}, not its offset",
            field="tz",
            valid="the zone the start time was recorded in, or leave tz out",
        )
    return episode.model_copy(update={"started": local})


def _validated(
    located: Located,
) -> tuple[list[tuple[dict[str, Any], dt.datetime | None]], list[EpisodeIn], list[CheckinIn]]:
    """Every record checked before anything is written; the first problem names its line, section and field."""
    problems: list[InputError] = []

    def each(section: str, check: Callable[[Any], Any]) -> Iterator[Any]:
        for line, record in located[section]:
            try:
                if not isinstance(record, dict):
                    raise InputError("a record must be a JSON object")
                yield check(record)
            except InputError as exc:
                problems.append(InputError(f"line {line} ({section}): {exc.one_line()}", field=None))

    profiles = list(each("profile_versions", _profile))
    episodes = list(each("episodes", _episode))
    checkins = list(each("checkins", lambda r: validate(CheckinIn, r)))
    if not problems:
        problems.extend(_repeated_days(located["checkins"], checkins))
    if problems:
        more = f" (and {len(problems) - 1} more problem(s); nothing was imported)" if len(problems) > 1 else ""
        raise InputError(problems[0].message + (more or " (nothing was imported)"))
    return profiles, episodes, checkins


def _repeated_days(lines: list[tuple[int, Any]], checkins: list[CheckinIn]) -> list[InputError]:
    """A day has one check-in: a file with two for the same day cannot say which one is meant."""
    first: dict[dt.date, int] = {}
    problems = []
    for (line, _), checkin in zip(lines, checkins, strict=True):
        if checkin.day in first:
            problems.append(
                InputError(
                    f"line {line} (checkins): day {checkin.day.isoformat()} is already on line {first[checkin.day]}; "
                    "a day has one check-in (merge the two, or remove one)"
                )
            )
        first.setdefault(checkin.day, line)
    return problems


def _identity(values: Sequence[Any]) -> tuple[Any, ...]:
    """Every field a person entered, in `_IDENTITY_COLUMNS` order (the zone's label aside: the same instant
    written as +02:00 or as Europe/Berlin is the same episode)."""
    started_utc, duration, *middle, triggers, trigger_note, tried, note = values
    pairs = tuple((item["id"], item["effect"]) for item in tried)
    return (started_utc, float(duration), *middle, tuple(triggers), trigger_note, pairs, note)


_IDENTITY_COLUMNS = (
    EpisodeRow.started_utc,
    EpisodeRow.duration_minutes,
    EpisodeRow.muscle,
    EpisodeRow.side,
    EpisodeRow.setting,
    EpisodeRow.pain,
    EpisodeRow.sleep_disturbance,
    EpisodeRow.helper,
    EpisodeRow.triggers,
    EpisodeRow.trigger_note,
    EpisodeRow.tried,
    EpisodeRow.note,
)


def _new_episodes(session: Session, episodes: list[EpisodeIn]) -> list[EpisodeIn]:
    """The incoming episodes not already stored; each stored episode matches at most one incoming record."""
    stored = Counter(_identity(row) for row in session.execute(select(*_IDENTITY_COLUMNS)))
    fresh = []
    for episode in episodes:
        e = episode
        tried = [item.model_dump() for item in e.tried]
        fields = (e.duration_minutes, e.muscle, e.side, e.setting, e.pain, e.sleep_disturbance, e.helper, e.triggers)
        key = _identity((to_utc_naive(e.started), *fields, e.trigger_note, tried, e.note))
        if stored[key] > 0:
            stored[key] -= 1
        else:
            fresh.append(episode)
    return fresh


def _import_checkins(session: Session, checkins: list[CheckinIn]) -> tuple[int, int, list[str]]:
    """Add the days without a check-in; never replace a stored one. Returns (added, identical, conflicting days)."""
    stored = {row.day: repo.checkin_dict(row) for row in session.scalars(select(CheckinRow))}
    added, identical, conflicts = 0, 0, []
    for checkin in checkins:
        mine = stored.get(checkin.day)
        if mine is None:
            repo.save_checkin(session=session, checkin=checkin)
            added += 1
        elif mine == checkin.model_dump(mode="json"):
            identical += 1
        else:
            conflicts.append(checkin.day.isoformat())
    return added, identical, conflicts


def import_file(path: str | Path, *, db_url: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Import a JSON or CSV export in one transaction; returns what was added, skipped, and kept over the file's.

    Keys: episodes and skipped_duplicates (identical episodes already stored), checkins, checkins_identical,
    checkin_conflicts (days whose stored check-in differs from the file's and was kept), profile_versions.
    """
    profiles, episodes, checkins = _validated(read_file(path))
    with session_scope(db_url, write=True) as session:
        fresh = _new_episodes(session, episodes)
        for start in range(0, len(fresh), BATCH):
            repo.add_episodes(session=session, episodes=fresh[start : start + BATCH])
            if progress:
                progress(min(start + BATCH, len(fresh)), len(fresh))
        added_checkins, identical_checkins, conflicts = _import_checkins(session, checkins)
        latest = repo.latest_profile(session=session)
        last = latest.data if latest else None
        added_profiles = 0
        for profile, saved_utc in profiles:
            if profile != last:
                repo.save_profile(session=session, data=profile, saved_utc=saved_utc)
                last, added_profiles = profile, added_profiles + 1
    return {
        "episodes": len(fresh),
        "skipped_duplicates": len(episodes) - len(fresh),
        "checkins": added_checkins,
        "checkins_identical": identical_checkins,
        "checkin_conflicts": conflicts,
        "profile_versions": added_profiles,
    }
