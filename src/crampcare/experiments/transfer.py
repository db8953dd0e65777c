"""Experiments in the diary's JSON export, and back (issue 16: an export must hold everything the diary holds).

Three sections, one record per line like the rest of the export, so an import error names a line:

- `experiments`: the design (seed and numbers, the drawn orders as a check), the basis on which the
  intervention was allowed, and the end; `number` is the experiment's place in the file (1, 2, ...);
- `experiment_days`: each day's check-in, naming its experiment by that `number`;
- `experiment_events`: an adverse effect, a resume after a warning sign, a stop.

Database ids do not travel: a resume event names the warning-sign episodes it saw to by their start time
(`episodes_started`), and the basis names the profile version it was checked against by the time it was saved
(`profile_saved_utc`); the import finds them again in the diary it writes to.

An experiment already in the diary (same creation time, intervention, seed and first day) is never replaced:
if the file's copy is the same in every record it is counted as identical, otherwise the stored one is kept and
the import reports it. An experiment still under way is not added to a diary that already has one under way
(only one runs at a time); the import reports that too. Everything else is checked strictly (the orders must
follow from the seed, days must lie in the schedule) and an error names the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from crampcare.assessment.profile import Strict
from crampcare.diary.models import EpisodeRow, ProfileVersion
from crampcare.diary.schemas import validate
from crampcare.diary.text import day_text
from crampcare.errors import InputError
from crampcare.experiments import store
from crampcare.experiments.config import number as decimal_text
from crampcare.experiments.config import protocol
from crampcare.experiments.design import Design
from crampcare.experiments.eligibility import reader_name
from crampcare.experiments.models import ExperimentDayRow, ExperimentEventRow, ExperimentRow
from crampcare.i18n import _

SECTIONS = ("experiments", "experiment_days", "experiment_events")
MAX_SEED = 2**63 - 1


# --- export ------------------------------------------------------------------------------------


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat() + "Z"


def export_records(*, session: Session) -> dict[str, list[dict[str, Any]]]:
    """The three sections, experiments in the order they were created."""
    rows = sorted(store.list_experiments(session=session), key=lambda r: (r.created_utc, r.id))
    saved = {row.id: row.saved_utc for row in session.execute(select(ProfileVersion.id, ProfileVersion.saved_utc))}
    experiments: list[dict[str, Any]] = []
    days: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        basis = dict(row.basis)
        version = basis.pop("profile_version", None)
        basis["profile_saved_utc"] = _utc(saved.get(version)) if isinstance(version, int) else None
        experiments.append(
            {
                "number": number,
                "intervention_id": row.intervention_id,
                "intervention_name": row.intervention_name,
                "created_utc": _utc(row.created_utc),
                "start": row.start_day.isoformat(),
                "period_days": row.period_days,
                "pairs": row.pairs,
                "run_in_days": row.run_in_days,
                "washout_days": row.washout_days,
                "seed": row.seed,
                "orders": list(row.orders),
                "mid_per_week": row.mid_per_week,
                "basis": basis,
                "stopped_utc": _utc(row.stopped_utc),
                "stop_kind": row.stop_kind,
                "stop_reason": row.stop_reason,
            }
        )
        for day in sorted(store.days(session=session, experiment_id=row.id).values(), key=lambda d: d.day):
            days.append(
                {
                    "experiment": number,
                    "day": day.day.isoformat(),
                    "done": day.done,
                    "note": day.note,
                    "updated_utc": _utc(day.updated_utc),
                }
            )
        for event in store.events(session=session, experiment_id=row.id):
            events.append(
                {
                    "experiment": number,
                    "at_utc": _utc(event.at_utc),
                    "day": event.day.isoformat(),
                    "kind": event.kind,
                    "text": event.text,
                    "data": _portable_data(session, event.data),
                }
            )
    return {"experiments": experiments, "experiment_days": days, "experiment_events": events}


def _portable_data(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    """An event's data without database ids: episodes are named by their start time (UTC)."""
    portable = {key: value for key, value in data.items() if key != "episode_ids"}
    ids = [i for i in data.get("episode_ids", []) if isinstance(i, int)]
    if "episode_ids" in data:
        found = list(session.scalars(select(EpisodeRow.started_utc).where(EpisodeRow.id.in_(ids)))) if ids else []
        portable["episodes_started"] = sorted({str(_utc(moment)) for moment in found})
    return portable


# --- import: what a record may hold ------------------------------------------------------------


class ExperimentRecord(Strict):
    number: int = Field(ge=1)
    intervention_id: str = Field(min_length=1, max_length=64)
    intervention_name: str = Field(min_length=1, max_length=200)
    created_utc: dt.datetime
    start: dt.date
    period_days: int
    pairs: int
    run_in_days: int
    washout_days: int
    seed: int = Field(ge=0, le=MAX_SEED)
    orders: list[Literal["AB", "BA"]]
    mid_per_week: float = Field(allow_inf_nan=False)
    basis: dict[str, Any]
    stopped_utc: dt.datetime | None = None
    stop_kind: Literal["stopped", "adverse"] | None = None
    stop_reason: str = Field("", max_length=2000)


class DayRecord(Strict):
    experiment: int = Field(ge=1)
    day: dt.date
    done: bool
    note: str = Field("", max_length=2000)
    updated_utc: dt.datetime


class EventRecord(Strict):
    experiment: int = Field(ge=1)
    at_utc: dt.datetime
    day: dt.date
    kind: Literal["adverse", "resume", "stop"]
    text: str = Field("", max_length=2000)
    data: dict[str, Any] = Field(default_factory=dict)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _design(record: ExperimentRecord) -> Design:
    """The stored design, checked as a new one is (the protocol's ranges) and against its drawn orders."""
    limits = protocol().limits
    weeks, rest = divmod(record.period_days, 7)
    if rest or not limits.period_weeks.min <= weeks <= limits.period_weeks.max:
        low, high = int(limits.period_weeks.min) * 7, int(limits.period_weeks.max) * 7
        raise InputError(
            _("%(days)s is not a period length") % {"days": record.period_days},
            field="period_days",
            valid=_("%(low)s to %(high)s, whole weeks") % {"low": low, "high": high},
        )
    if not limits.pairs.min <= record.pairs <= limits.pairs.max:
        raise InputError(
            _("%(value)s is out of range") % {"value": record.pairs},
            field="pairs",
            valid=_("%(low)s to %(high)s") % {"low": int(limits.pairs.min), "high": int(limits.pairs.max)},
        )
    if record.run_in_days not in (0, limits.run_in_days):
        raise InputError(
            _("%(days)s is not a run-in") % {"days": record.run_in_days},
            field="run_in_days",
            valid=_("0 or %(days)s") % {"days": limits.run_in_days},
        )
    longest = int(record.period_days * limits.washout_days_max_share)
    if not 0 <= record.washout_days <= longest:
        raise InputError(
            _("%(value)s is out of range") % {"value": record.washout_days},
            field="washout_days",
            valid=_("%(low)s to %(high)s") % {"low": 0, "high": longest},
        )
    mid = limits.minimal_important_difference
    if not mid.min <= record.mid_per_week <= mid.max:
        raise InputError(
            _("%(value)s is out of range") % {"value": decimal_text(record.mid_per_week, "")},
            field="mid_per_week",
            valid=_("%(low)s to %(high)s") % {"low": decimal_text(mid.min, ""), "high": decimal_text(mid.max, "")},
        )
    if (record.stopped_utc is None) != (record.stop_kind is None):
        raise InputError(
            _("stopped_utc and stop_kind go together"),
            field="stop_kind",
            valid=_("both null, or a time and stopped/adverse"),
        )
    design = Design(
        start=record.start,
        period_days=record.period_days,
        pairs=record.pairs,
        run_in_days=record.run_in_days,
        washout_days=record.washout_days,
        seed=record.seed,
    )
    if record.orders != design.orders():
        raise InputError(
            _("do not follow from the seed (the random order cannot be changed afterwards)"),
            field="orders",
            valid=", ".join(design.orders()),
        )
    return design


# --- import: writing -----------------------------------------------------------------------------


@dataclass
class _Incoming:
    """One experiment of the file: where it went (a new row, a stored one it matches, or kept out) and, for a
    matched one, the file's records to compare with the stored ones at the end."""

    record: ExperimentRecord
    design: Design
    line: int
    row_id: int | None = None  # a new row written for it
    matched: ExperimentRow | None = None
    kept_out: str | None = None  # why it was not added
    days: dict[dt.date, int] = field(default_factory=dict)  # day -> line, each day once in the file
    file_days: list[dict[str, Any]] = field(default_factory=list)
    file_events: list[dict[str, Any]] = field(default_factory=list)


def _identity(created: dt.datetime, intervention: str, seed: int, start: dt.date) -> tuple[Any, ...]:
    return (created.replace(microsecond=0), intervention, seed, start)


class ExperimentImport:
    """The experiment sections of one import, inside the diary import's transaction."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self.session, self.today = session, today
        stored = store.list_experiments(session=session)
        self.stored = {_identity(r.created_utc, r.intervention_id, r.seed, r.start_day): r for r in stored}
        self.under_way = [r for r in stored if self._active(r.stopped_utc, store.design_of(r).end)]
        self.incoming: dict[int, _Incoming] = {}
        # new rows' events with the start times of the episodes they name, written at the end (episodes first)
        self.events: list[tuple[int, EventRecord, list[dt.datetime] | None]] = []
        self.counts = {"experiments": 0, "experiments_identical": 0}
        self.conflicts: list[str] = []

    def _active(self, stopped: dt.datetime | None, end: dt.date) -> bool:
        return stopped is None and end >= self.today

    def take(self, section: str, line: int, record: dict[str, Any], *, write: bool) -> None:
        if section == "experiments":
            self._experiment(validate(ExperimentRecord, record), line, write)
        elif section == "experiment_days":
            self._day(validate(DayRecord, record), line, write)
        else:
            self._event(validate(EventRecord, record), write)

    def _experiment(self, record: ExperimentRecord, line: int, write: bool) -> None:
        if record.number in self.incoming:
            earlier = self.incoming[record.number].line
            raise InputError(
                _("%(number)s is already on line %(line)s") % {"number": record.number, "line": earlier},
                field="number",
                valid=_("each number once"),
            )
        design = _design(record)
        incoming = _Incoming(record, design, line)
        self.incoming[record.number] = incoming
        created = _naive_utc(record.created_utc)
        matched = self.stored.get(_identity(created, record.intervention_id, record.seed, record.start))
        name = reader_name(record.intervention_id, record.intervention_name)
        values = {"name": name, "start": day_text(record.start)}
        if matched is not None:
            incoming.matched = matched
            return
        if self._active(record.stopped_utc, design.end) and self.under_way:
            other = self.under_way[0]
            incoming.kept_out = _(
                "%(name)s from %(start)s: not added, '%(other)s' from %(other_start)s is under way in this diary (one "
                "experiment at a time; stop it first to bring this one in)"
            ) % {
                **values,
                "other": reader_name(other.intervention_id, other.intervention_name),
                "other_start": day_text(other.start_day),
            }
            self.conflicts.append(incoming.kept_out)
            return
        if not write:
            return
        basis = dict(record.basis)
        saved = basis.pop("profile_saved_utc", None)
        basis["profile_version"] = self._profile_version(saved)
        row = store.add_experiment(
            session=self.session,
            row=ExperimentRow(
                intervention_id=record.intervention_id,
                intervention_name=record.intervention_name,
                created_utc=created.replace(microsecond=0),
                start_day=record.start,
                period_days=record.period_days,
                pairs=record.pairs,
                run_in_days=record.run_in_days,
                washout_days=record.washout_days,
                seed=record.seed,
                orders=list(record.orders),
                mid_per_week=record.mid_per_week,
                basis=basis,
                stopped_utc=None if record.stopped_utc is None else _naive_utc(record.stopped_utc),
                stop_kind=record.stop_kind,
                stop_reason=record.stop_reason,
            ),
        )
        incoming.row_id = row.id
        self.counts["experiments"] += 1
        if self._active(row.stopped_utc, design.end):
            self.under_way.append(row)

    def _profile_version(self, saved: Any) -> int | None:
        if not isinstance(saved, str):
            return None
        try:
            moment = _naive_utc(dt.datetime.fromisoformat(saved))
        except ValueError:
            raise InputError(
                _("not a time: %(text)s") % {"text": repr(saved)},
                field="basis.profile_saved_utc",
                valid=_("ISO 8601 UTC"),
            ) from None
        return self.session.scalars(
            select(ProfileVersion.id).where(ProfileVersion.saved_utc == moment).order_by(ProfileVersion.id)
        ).first()

    def _owner(self, number: int) -> _Incoming:
        incoming = self.incoming.get(number)
        if incoming is None:
            raise InputError(
                _("no experiment %(number)s above this line") % {"number": number},
                field="experiment",
                valid=_("the number of an experiment above"),
            )
        return incoming

    def _day(self, record: DayRecord, line: int, write: bool) -> None:
        incoming = self._owner(record.experiment)
        design = incoming.design
        if not design.start <= record.day <= design.end:
            raise InputError(
                _("%(day)s is outside experiment %(number)s")
                % {"day": day_text(record.day), "number": record.experiment},
                field="day",
                valid=_("%(low)s to %(high)s") % {"low": day_text(design.start), "high": day_text(design.end)},
            )
        if record.day in incoming.days:
            raise InputError(
                _("%(number)s is already on line %(line)s")
                % {"number": day_text(record.day), "line": incoming.days[record.day]},
                field="day",
                valid=_("one check-in per experiment day"),
            )
        incoming.days[record.day] = line
        if incoming.matched is not None:
            incoming.file_days.append({"day": record.day, "done": record.done, "note": record.note})
        elif incoming.row_id is not None and write:
            updated = _naive_utc(record.updated_utc).replace(microsecond=0)
            self.session.add(
                ExperimentDayRow(
                    experiment_id=incoming.row_id,
                    day=record.day,
                    done=record.done,
                    note=record.note,
                    updated_utc=updated,
                )
            )

    def _event(self, record: EventRecord, write: bool) -> None:
        incoming = self._owner(record.experiment)
        started = record.data.get("episodes_started", [])
        if set(record.data) - {"episodes_started"} or not isinstance(started, list):
            raise InputError(
                _("unknown event data %(keys)s") % {"keys": sorted(record.data)},
                field="data",
                valid=_('{} or {"episodes_started": [times]}'),
            )
        moments = _moments(started) if "episodes_started" in record.data else None
        if incoming.matched is not None:
            incoming.file_events.append(_event_key(record.kind, record.day, record.text))
        elif incoming.row_id is not None and write:
            self.events.append((incoming.row_id, record, moments))

    def finish(self) -> None:
        """Write the new experiments' events (the file's episodes are in the diary by now) and compare the
        experiments the diary already had with the file's copies."""
        for row_id, record, moments in self.events:
            data: dict[str, Any] = {}
            if moments is not None:
                data["episode_ids"] = self._episode_ids(moments)
            self.session.add(
                ExperimentEventRow(
                    experiment_id=row_id,
                    at_utc=_naive_utc(record.at_utc).replace(microsecond=0),
                    day=record.day,
                    kind=record.kind,
                    text=record.text,
                    data=data,
                )
            )
        self.session.flush()
        for incoming in self.incoming.values():
            if incoming.matched is not None:
                self._compare(incoming, incoming.matched)

    def _episode_ids(self, moments: list[dt.datetime]) -> list[int]:
        if not moments:
            return []
        return sorted(self.session.scalars(select(EpisodeRow.id).where(EpisodeRow.started_utc.in_(moments))))

    def _compare(self, incoming: _Incoming, row: ExperimentRow) -> None:
        record = incoming.record
        stored_days = [
            {"day": d.day, "done": d.done, "note": d.note}
            for d in sorted(store.days(session=self.session, experiment_id=row.id).values(), key=lambda d: d.day)
        ]
        stored_events = [
            _event_key(e.kind, e.day, e.text) for e in store.events(session=self.session, experiment_id=row.id)
        ]
        same = (
            stored_days == sorted(incoming.file_days, key=lambda d: d["day"])
            and stored_events == incoming.file_events
            and row.stop_kind == record.stop_kind
            and row.stop_reason == record.stop_reason
        )
        if same:
            self.counts["experiments_identical"] += 1
        else:
            name = reader_name(record.intervention_id, record.intervention_name)
            differs = _("%(name)s from %(start)s: the diary's own copy differs from the file's and was kept")
            self.conflicts.append(differs % {"name": name, "start": day_text(record.start)})


def _moments(started: list[Any]) -> list[dt.datetime]:
    moments = []
    for value in started:
        try:
            moments.append(_naive_utc(dt.datetime.fromisoformat(str(value))))
        except ValueError:
            raise InputError(
                _("not a time: %(text)s") % {"text": repr(value)},
                field="data.episodes_started",
                valid=_("ISO 8601 UTC times"),
            ) from None
    return moments


def _event_key(kind: str, day: dt.date, text: str) -> dict[str, Any]:
    return {"kind": kind, "day": day, "text": text}


__all__ = ["SECTIONS", "ExperimentImport", "export_records"]
