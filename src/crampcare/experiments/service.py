"""Experiments as the CLI and the API use them: a database URL in, plain data out. Each call is one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from crampcare import i18n
from crampcare.diary import repository as diary_repo
from crampcare.diary.db import session_scope
from crampcare.diary.models import ProfileVersion
from crampcare.diary.schemas import validate
from crampcare.diary.service import today_local
from crampcare.diary.text import day_text
from crampcare.errors import InputError, NotFoundError, StateError
from crampcare.experiments import progress
from crampcare.experiments import store as repo
from crampcare.experiments.config import number, protocol
from crampcare.experiments.design import make_design
from crampcare.experiments.eligibility import Clinician, basis_for, basis_text, reader_name, reader_reasons
from crampcare.experiments.models import ExperimentRow
from crampcare.experiments.schemas import DayIn, ExperimentIn

ACTIVE = ("scheduled", "run_in", "running", "paused")


def _text(key: str, **values: object) -> str:
    return protocol().text("service", key, **values)


def start(data: dict[str, Any], *, db_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Start a new experiment (see `eligibility` for who may test what); returns its status."""
    spec = validate(ExperimentIn, data)
    today = today or today_local()
    mid = _mid(spec.mid_per_week)
    if (spec.clinician is None) != (spec.signed is None):
        raise InputError(_text("clinician_pair"), field="clinician", valid=_text("clinician_pair_valid"))
    clinician = Clinician(spec.clinician, spec.signed) if spec.clinician and spec.signed else None
    first = spec.start or today
    soonest, last_start = today - dt.timedelta(days=366), today + dt.timedelta(days=90)
    if not soonest <= first <= last_start:
        valid = _text("start_valid", earliest=day_text(soonest), latest=day_text(last_start))
        raise InputError(_text("start", day=day_text(first)), field="start", valid=valid)
    design = make_design(
        start=first,
        period_weeks=spec.period_weeks,
        pairs=spec.pairs,
        run_in=spec.run_in,
        washout_days=spec.washout_days,
        seed=spec.seed,
    )
    with session_scope(db_url, write=True) as session:
        latest = repo.latest_experiment(session=session)
        if latest is not None:
            state = _state(session, latest, today)
            if state["status"] in ACTIVE:
                raise StateError(
                    _text(
                        "already_running", id=latest.id, name=state["intervention"]["name"], phase=state["status_text"]
                    ),
                    field="intervention",
                    valid=_text("already_running_valid"),
                )
        stored = diary_repo.latest_profile(session=session)
        profile = dict(stored.data) if stored is not None else None
        record, basis = basis_for(
            spec.intervention, profile=profile, today=today, doctor_agreed=spec.doctor_agreed, clinician=clinician
        )
        row = repo.add_experiment(
            session=session,
            row=ExperimentRow(
                intervention_id=record.id,
                intervention_name=record.name,
                created_utc=repo.now_utc(),
                start_day=design.start,
                period_days=design.period_days,
                pairs=design.pairs,
                run_in_days=design.run_in_days,
                washout_days=design.washout_days,
                seed=design.seed,
                orders=design.orders(),
                mid_per_week=mid,
                basis={**basis, "profile_version": stored.id if stored is not None else None},
                stop_reason="",
            ),
        )
        return _state(session, row, today)


def _mid(value: float | None) -> float:
    limits = protocol().limits.minimal_important_difference
    if value is None:
        return limits.default
    if not limits.min <= value <= limits.max:
        raise InputError(
            _text("mid", value=number(value, "")),
            field="mid_per_week",
            valid=_text("mid_valid", min=number(limits.min, ""), max=number(limits.max, "")),
        )
    return value


def resume(*, db_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Continue an experiment paused after a warning sign (the warning episodes are marked as seen to)."""
    today = today or today_local()
    with session_scope(db_url, write=True) as session:
        row = _latest(session)
        state = _state(session, row, today)
        if state["status"] != "paused":
            raise StateError(_text("not_paused", id=row.id), field="resume", valid=_text("not_paused_valid"))
        from_profile = [flag for flag in state["red_flags"] if flag["episode_id"] is None]
        if from_profile:
            title = from_profile[0]["title"]
            raise StateError(_text("profile_flag", title=title), field="resume", valid=_text("profile_flag_valid"))
        ids = sorted({flag["episode_id"] for flag in state["red_flags"]})
        repo.add_event(session=session, experiment_id=row.id, day=today, kind="resume", data={"episode_ids": ids})
        return _state(session, row, today)


def status(
    *, db_url: str | None = None, experiment_id: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The newest experiment (or `experiment_id`): design, schedule, counts so far, warning signs, the analysis."""
    with session_scope(db_url) as session:
        row = (
            _latest(session)
            if experiment_id is None
            else repo.get_experiment(session=session, experiment_id=experiment_id)
        )
        return _state(session, row, today or today_local())


def list_all(*, db_url: str | None = None, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or today_local()
    with session_scope(db_url) as session:
        return [_summary(session, row, today) for row in repo.list_experiments(session=session)]


def day(data: dict[str, Any], *, db_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Today's arm (or another day's), recording the check-in or an adverse effect when given."""
    entry = validate(DayIn, data)
    today = today or today_local()
    with session_scope(db_url, write=entry.done is not None or entry.adverse is not None) as session:
        row = _latest(session)
        when = entry.day or today
        state = _state(session, row, today)
        if entry.done is not None or entry.adverse is not None:
            _check_writable(row, state, when, today)
        if entry.adverse is not None:
            repo.add_event(session=session, experiment_id=row.id, day=when, kind="adverse", text=entry.adverse)
            row.stopped_utc, row.stop_kind, row.stop_reason = repo.now_utc(), "adverse", entry.adverse
        if entry.done is not None:
            repo.save_day(session=session, experiment_id=row.id, day=when, done=entry.done, note=entry.note)
        state = _state(session, row, today)
        return _today(state, row, when, adverse=entry.adverse is not None)


def _check_writable(row: ExperimentRow, state: dict[str, Any], when: dt.date, today: dt.date) -> None:
    design = repo.design_of(row)
    if when > today:
        raise InputError(
            _text("future_day", day=day_text(when), today=day_text(today)), field="day", valid=_text("future_day_valid")
        )
    stopped = state["stopped_day"]
    last = min(design.end, dt.date.fromisoformat(stopped)) if stopped else design.end
    if not design.start <= when <= last:
        values = {"id": row.id, "start": day_text(design.start), "end": day_text(design.end), "last": day_text(last)}
        valid = _text("outside_valid", **values)
        raise InputError(_text("outside", day=day_text(when), **values), field="day", valid=valid)


def stop(reason: str = "", *, db_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    today = today or today_local()
    with session_scope(db_url, write=True) as session:
        row = _latest(session)
        if row.stopped_utc is not None:
            stopped = progress.stopped_day(list(repo.events(session=session, experiment_id=row.id)))
            said = day_text(stopped) if stopped else ""
            raise StateError(_text("stopped", id=row.id, day=said), field="stop", valid=_text("stopped_valid"))
        repo.add_event(session=session, experiment_id=row.id, day=today, kind="stop", text=reason)
        row.stopped_utc, row.stop_kind, row.stop_reason = repo.now_utc(), "stopped", reason
        return _state(session, row, today)


def _latest(session: Session) -> ExperimentRow:
    row = repo.latest_experiment(session=session)
    if row is None:
        raise NotFoundError(_text("none"), field="experiment", valid=_text("none_valid"))
    return row


def _summary(session: Session, row: ExperimentRow, today: dt.date) -> dict[str, Any]:
    state = _state(session, row, today)
    keys = ("id", "intervention", "status", "status_text", "design")
    return {key: state[key] for key in keys} | {"verdict": state["result"]["verdict"]}


def _state(session: Session, row: ExperimentRow, today: dt.date) -> dict[str, Any]:
    design = repo.design_of(row)
    events = list(repo.events(session=session, experiment_id=row.id))
    checkins = repo.days(session=session, experiment_id=row.id)
    stopped = progress.stopped_day(events)
    until = min(today, stopped or today, design.end)
    episodes = repo.episodes_between(session=session, first=design.start, last=until)
    acknowledged = {i for e in events if e.kind == "resume" for i in e.data.get("episode_ids", [])}
    stored = diary_repo.latest_profile(session=session)
    profile = dict(stored.data) if stored is not None else {"age_years": 40}
    open_flags = [] if row.stopped_utc else progress.red_flag_episodes(profile, episodes, acknowledged)
    name = reader_name(row.intervention_id, row.intervention_name)
    phase = progress.phase(row, design, today, open_flags)
    cutoff = min(today, stopped) if stopped else today
    counts = progress.period_counts(design, checkins, episodes, cutoff=cutoff)
    return {
        "id": row.id,
        "intervention": {"id": row.intervention_id, "name": name},
        "status": phase,
        "status_text": protocol().text("status", phase) if phase in protocol().texts["status"] else phase,
        "basis": _basis(session, row),
        "design": {
            "start": design.start.isoformat(),
            "end": design.end.isoformat(),
            "period_weeks": design.period_days // 7,
            "pairs": design.pairs,
            "run_in_days": design.run_in_days,
            "washout_days": design.washout_days,
            "seed": design.seed,
            "orders": design.orders(),
            "orders_as_stored": list(row.orders),
        },
        "mid_per_week": row.mid_per_week,
        "schedule": progress.schedule(design, name),
        "checkins": [repo.day_dict(checkins[d]) for d in sorted(checkins)],
        "periods": [_period_dict(p) for p in counts],
        "baseline": progress.baseline(design, checkins, episodes),
        "unchecked_cramp_nights": progress.unchecked_nights(design, checkins, episodes),
        "red_flags": open_flags,
        "events": [repo.event_dict(e) for e in events],
        "stopped_day": stopped.isoformat() if stopped else None,
        "stop_kind": row.stop_kind,
        "stop_reason": row.stop_reason,
        "result": progress.analysis(counts, name, row.mid_per_week),
        "caveats": [" ".join(c.split()) for c in protocol().texts_at("caveats")],
        "method_sources": [s.model_dump(exclude_none=True) for s in protocol().method_sources],
    }


def _basis(session: Session, row: ExperimentRow) -> dict[str, Any]:
    """The stored basis with its text made again; a reader of another language reads the reasons in theirs."""
    if i18n.current() == "en":
        return {**row.basis, "text": basis_text(row.basis)}
    version = row.basis.get("profile_version")
    stored = session.get(ProfileVersion, version) if isinstance(version, int) else None
    reasons = reader_reasons(row.intervention_id, row.basis, dict(stored.data) if stored is not None else None)
    return {**row.basis, "reasons": reasons, "text": basis_text(row.basis, reasons)}


def _period_dict(period: Any) -> dict[str, Any]:
    keys = ("number", "pair", "arm", "counted_days", "observed_days", "cramp_nights", "ended", "adherent_days")
    return {key: getattr(period, key) for key in keys} | {"usable": period.usable}


def _today(state: dict[str, Any], row: ExperimentRow, when: dt.date, *, adverse: bool) -> dict[str, Any]:
    design = repo.design_of(row)
    name = state["intervention"]["name"]
    period = design.period_of(when)
    checkin = next((c for c in state["checkins"] if c["day"] == when.isoformat()), None)
    phase = state["status"]
    texts = protocol()
    if adverse:
        message = texts.text("today", "adverse", name=name)
    elif phase == "paused":
        flag = state["red_flags"][0]
        key = "paused" if flag["episode_id"] is not None else "paused_profile"
        said = day_text(flag["day"]) if flag["day"] else ""
        message = texts.text("today", key, day=said, title=flag["title"], action=flag["action"])
    elif phase == "stopped":
        message = texts.text("today", "stopped")
    elif period is None:
        before = when < design.start
        scheduled = texts.text("today", "scheduled", start=day_text(design.start)) if before else None
        message = scheduled or texts.text("today", "finished")
    else:
        message = texts.text("today", period.arm, name=name)
    asks = checkin is None and period is not None and phase not in ("paused", "stopped")
    return {
        "id": row.id,
        "day": when.isoformat(),
        "arm": None if period is None or phase in ("paused", "stopped") else period.arm,
        "arm_text": None if period is None else progress.arm_text(period.arm, name),
        "period": None if period is None else period.number,
        "counted": None if period is None else period.counts(when),
        "status": phase,
        "message": message,
        "checkin": checkin,
        "ask": texts.text("today", "ask_baseline" if period and period.arm == "baseline" else "ask_done", name=name)
        if asks
        else None,
        "red_flags": state["red_flags"],
    }


def report(
    *, db_url: str | None = None, experiment_id: int | None = None, fmt: str = "pdf", today: dt.date | None = None
) -> bytes:
    """The report of the newest experiment (or `experiment_id`) as PDF or HTML bytes."""
    from pathlib import Path

    from crampcare.experiments.report import report_bytes

    today = today or today_local()
    state = status(db_url=db_url, experiment_id=experiment_id, today=today)
    return report_bytes(state, Path(f"report.{fmt}"), today)
