"""Export the diary as CSV or JSON, and import it back, all or nothing.

JSON holds everything (profile versions, episodes, check-ins, and experiments
with their days and events: crampcare.experiments.transfer) with one record
per line, so that an import error names the line a person can open in an
editor. CSV holds episodes only, one per row: triggers are joined with ";",
tried interventions as "id:effect;id:effect".

An import reads the file as a stream (crampcare.diary.importstream: one chunk
and one record in memory, whatever the file's size), checks each record and
writes it in batches inside one transaction; any problem rolls the whole
transaction back, so nothing is imported (all or nothing), and the error names
the first problem's line and field and counts the others. Nothing stored is overwritten and nothing in the file
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crampcare.diary import repository as repo
from crampcare.diary.db import session_scope
from crampcare.diary.exportfile import (
    CSV_FIELDS,
    FLAG_COLUMNS,
    FORMAT,
    SECTIONS,
    VERSION,
    _record_types,
    neutral_cell,
    read_file,
)
from crampcare.diary.models import CheckinRow, EpisodeRow
from crampcare.diary.schemas import CheckinIn, EpisodeIn, StoredEpisodeIn, validate
from crampcare.diary.text import moment_text
from crampcare.diary.timeutil import to_utc_naive, zone_from_label
from crampcare.errors import InputError
from crampcare.i18n import _

__all__ = ["CSV_FIELDS", "FORMAT", "SECTIONS", "VERSION", "export_data", "import_file"]
__all__ += ["read_file", "to_csv", "to_json"]

BATCH = 2000
Progress = Callable[[int, int | None], None]  # (episodes written, total: None, a stream's total is unknown)


# --- export ----------------------------------------------------------------------------------


def export_data(*, db_url: str | None = None) -> dict[str, list[dict[str, Any]]]:
    with session_scope(db_url) as session:
        episodes = [repo.episode_dict(row) for row in reversed(repo.list_episodes(session=session))]
        checkins = [repo.checkin_dict(row) for row in repo.list_checkins(session=session)]
        profiles = [
            {"saved_utc": row.saved_utc.isoformat() + "Z", "profile": row.data}
            for row in repo.profile_versions(session=session)
        ]
        from crampcare.experiments.transfer import export_records

        experiments = export_records(session=session)
    for episode in episodes:
        del episode["id"], episode["diary_day"]
    return {"profile_versions": profiles, "episodes": episodes, "checkins": checkins, **experiments}


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
        for name in FLAG_COLUMNS:
            row[name] = "true" if episode.get(name) else "false"
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
            _("not a time: %(text)s") % {"text": repr(value)},
            field="saved_utc",
            valid=_("ISO 8601 UTC such as 2024-05-01T08:00:00Z"),
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
        raise InputError(
            _("must be text, not %(got)s") % {"got": repr(label)},
            field="tz",
            valid=_("an IANA name such as Europe/Berlin"),
        )
    local = episode.started.astimezone(zone_from_label(label))
    if local.utcoffset() != episode.started.utcoffset():  # an edited file: which of the two is right is unknown
        raise InputError(
            _("%(zone)s was %(offset)s at %(time)s, not its offset")
            % {"zone": label, "offset": local.isoformat()[-6:], "time": moment_text(episode.started.isoformat())},
            field="tz",
            valid=_("the zone the start time was recorded in, or leave tz out"),
        )
    return episode.model_copy(update={"started": local})


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
    EpisodeRow.swelling,
    EpisodeRow.weakness,
    EpisodeRow.triggers,
    EpisodeRow.trigger_note,
    EpisodeRow.tried,
    EpisodeRow.note,
)


def _stored_identities(session: Session) -> Counter[tuple[Any, ...]]:
    return Counter(_identity(row) for row in session.execute(select(*_IDENTITY_COLUMNS)))


def _episode_key(e: EpisodeIn) -> tuple[Any, ...]:
    tried = [item.model_dump() for item in e.tried]
    fields: tuple[Any, ...] = (e.duration_minutes, e.muscle, e.side, e.setting, e.pain, e.sleep_disturbance)
    fields += (e.helper, e.swelling, e.weakness, e.triggers)
    return _identity((to_utc_naive(e.started), *fields, e.trigger_note, tried, e.note))


class _Import:
    """One import in one transaction: each record checked, then written (or counted as a duplicate or a kept
    check-in); after the first problem nothing more is written, the rest is only checked, to count problems."""

    def __init__(self, session: Session, progress: Progress | None, today: dt.date | None = None) -> None:
        from crampcare.diary.service import today_local
        from crampcare.experiments.transfer import ExperimentImport

        self.session, self.progress = session, progress
        self.experiments = ExperimentImport(session, today or today_local())  # today: which one is under way
        # What is stored already: each stored episode matches at most one incoming record (two identical cramps
        # in one export both arrive; an export imported twice adds nothing).
        self.stored = _stored_identities(session)
        self.stored_days: set[dt.date] = set(session.scalars(select(CheckinRow.day)))
        latest = repo.latest_profile(session=session)
        self.last_profile = latest.data if latest else None
        self.file_days: dict[dt.date, int] = {}
        self.batch: list[EpisodeIn] = []
        self.problems, self.first_problem = 0, ""
        self.counts = Counter[str]()
        self.conflicts: list[str] = []

    def take(self, section: str, line: int, record: Any, typed: bool) -> None:
        try:
            if not isinstance(record, dict):
                raise InputError(_("a record must be a JSON object"))
            wrong_type = _record_types(section, record) if typed else None
            if wrong_type is not None:
                raise InputError(wrong_type[1], field=wrong_type[0])
            if section == "episodes":
                self._episode(_episode(record))
            elif section == "checkins":
                self._checkin(validate(CheckinIn, record), line)
            elif section.startswith("experiment"):
                self.flush()  # the episodes before it are in the diary (a resume event names them)
                self.experiments.take(section, line, record, write=not self.problems)
            else:
                self._profile(*_profile(record))
        except InputError as exc:
            self.problems += 1
            self.first_problem = self.first_problem or _("line %(line)s (%(section)s): %(problem)s") % {
                "line": line,
                "section": section,
                "problem": exc.one_line(),
            }

    def _episode(self, episode: EpisodeIn) -> None:
        key = _episode_key(episode)
        if self.stored[key] > 0:
            self.stored[key] -= 1
            self.counts["skipped_duplicates"] += 1
            return
        self.batch.append(episode)
        if len(self.batch) >= BATCH:
            self.flush()

    def _checkin(self, checkin: CheckinIn, line: int) -> None:
        if checkin.day in self.file_days:  # a file with two for one day cannot say which one is meant
            raise InputError(
                _("day %(day)s is already on line %(line)s; a day has one check-in (merge the two, or remove one)")
                % {"day": checkin.day.isoformat(), "line": self.file_days[checkin.day]}
            )
        self.file_days[checkin.day] = line
        if self.problems:
            return
        if checkin.day not in self.stored_days:
            repo.save_checkin(session=self.session, checkin=checkin)
            self.counts["checkins"] += 1
            if self.counts["checkins"] % BATCH == 0:
                self.session.flush()
                self.session.expunge_all()  # written: the session need not keep the rows (memory stays flat)
            return
        stored = repo.find_checkin(session=self.session, day=checkin.day)
        if stored is not None and repo.checkin_dict(stored) == checkin.model_dump(mode="json"):
            self.counts["checkins_identical"] += 1
        else:
            self.conflicts.append(checkin.day.isoformat())  # the stored one is kept, never replaced

    def _profile(self, profile: dict[str, Any], saved_utc: dt.datetime | None) -> None:
        if self.problems or profile == self.last_profile:
            return
        repo.save_profile(session=self.session, data=profile, saved_utc=saved_utc)
        self.last_profile = profile
        self.counts["profile_versions"] += 1

    def flush(self) -> None:
        if self.batch and not self.problems:
            repo.add_episodes(session=self.session, episodes=self.batch)
            self.counts["episodes"] += len(self.batch)
            if self.progress:
                self.progress(self.counts["episodes"], None)
        self.batch = []


def import_file(
    path: str | Path, *, db_url: str | None = None, progress: Progress | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Import a JSON or CSV export in one transaction, reading it as a stream; returns what was added, skipped,
    and kept over the file's.

    Keys: episodes and skipped_duplicates (identical episodes already stored), checkins, checkins_identical,
    checkin_conflicts (days whose stored check-in differs from the file's and was kept), profile_versions,
    experiments, experiments_identical, experiment_conflicts (what was not added, and why).
    """
    from crampcare.diary.importstream import records

    with session_scope(db_url, write=True) as session:
        run = _Import(session, progress, today)
        for section, line, record, typed in records(path):
            run.take(section, line, record, typed)
        run.flush()
        if not run.problems:
            run.experiments.finish()
        if progress and not run.problems:
            progress(run.counts["episodes"], run.counts["episodes"])  # the total is known at the end
        if run.problems:  # raised inside the transaction: everything written so far is rolled back
            more = (
                _(" (and %(count)s more problem(s); nothing was imported)") % {"count": run.problems - 1}
                if run.problems > 1
                else _(" (nothing was imported)")
            )
            raise InputError(run.first_problem + more)
    return {
        "episodes": run.counts["episodes"],
        "skipped_duplicates": run.counts["skipped_duplicates"],
        "checkins": run.counts["checkins"],
        "checkins_identical": run.counts["checkins_identical"],
        "checkin_conflicts": run.conflicts,
        "profile_versions": run.counts["profile_versions"],
        "experiments": run.experiments.counts["experiments"],
        "experiments_identical": run.experiments.counts["experiments_identical"],
        "experiment_conflicts": run.experiments.conflicts,
    }
