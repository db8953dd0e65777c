"""Reading and writing experiment rows. Every function takes the session keyword-only; the caller owns the
transaction. A changed day's check-in first copies the old one into the diary's history table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crampcare.diary.models import EpisodeRow, HistoryRow
from crampcare.errors import NotFoundError
from crampcare.experiments.design import Design
from crampcare.experiments.models import ExperimentDayRow, ExperimentEventRow, ExperimentRow
from crampcare.i18n import _

MAX_ID = 2**63 - 1


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def design_of(row: ExperimentRow) -> Design:
    return Design(
        start=row.start_day,
        period_days=row.period_days,
        pairs=row.pairs,
        run_in_days=row.run_in_days,
        washout_days=row.washout_days,
        seed=row.seed,
    )


def add_experiment(*, session: Session, row: ExperimentRow) -> ExperimentRow:
    session.add(row)
    session.flush()
    return row


def get_experiment(*, session: Session, experiment_id: int) -> ExperimentRow:
    row = session.get(ExperimentRow, experiment_id) if 1 <= experiment_id <= MAX_ID else None
    if row is None:
        raise NotFoundError(
            _("no experiment with id %(id)s") % {"id": experiment_id},
            field="id",
            valid=_("an id from `crampcare experiment status`"),
        )
    return row


def latest_experiment(*, session: Session) -> ExperimentRow | None:
    """The newest experiment: the one created last (an older one brought in by an import gets a larger id)."""
    query = select(ExperimentRow).order_by(ExperimentRow.created_utc.desc(), ExperimentRow.id.desc()).limit(1)
    return session.scalars(query).first()


def list_experiments(*, session: Session) -> Sequence[ExperimentRow]:
    return session.scalars(select(ExperimentRow).order_by(ExperimentRow.id)).all()


def days(*, session: Session, experiment_id: int) -> dict[dt.date, ExperimentDayRow]:
    rows = session.scalars(select(ExperimentDayRow).where(ExperimentDayRow.experiment_id == experiment_id)).all()
    return {row.day: row for row in rows}


def day_dict(row: ExperimentDayRow) -> dict[str, Any]:
    return {"day": row.day.isoformat(), "done": row.done, "note": row.note}


def save_day(*, session: Session, experiment_id: int, day: dt.date, done: bool, note: str) -> ExperimentDayRow:
    """The day's check-in, replacing an earlier one for the same day (which goes to history)."""
    row = session.scalars(
        select(ExperimentDayRow).where(ExperimentDayRow.experiment_id == experiment_id, ExperimentDayRow.day == day)
    ).first()
    if row is None:
        row = ExperimentDayRow(experiment_id=experiment_id, day=day, done=done, note=note, updated_utc=now_utc())
        session.add(row)
    else:
        before = {"experiment_id": experiment_id, **day_dict(row)}
        session.add(HistoryRow(kind="experiment_day", record_id=row.id, action="edit", at_utc=now_utc(), before=before))
        row.done, row.note, row.updated_utc = done, note, now_utc()
    session.flush()
    return row


def add_event(
    *, session: Session, experiment_id: int, day: dt.date, kind: str, text: str = "", data: dict[str, Any] | None = None
) -> ExperimentEventRow:
    row = ExperimentEventRow(
        experiment_id=experiment_id, at_utc=now_utc(), day=day, kind=kind, text=text, data=data or {}
    )
    session.add(row)
    session.flush()
    return row


def events(*, session: Session, experiment_id: int) -> Sequence[ExperimentEventRow]:
    query = select(ExperimentEventRow).where(ExperimentEventRow.experiment_id == experiment_id)
    return session.scalars(query.order_by(ExperimentEventRow.id)).all()


def event_dict(row: ExperimentEventRow) -> dict[str, Any]:
    return {"at_utc": row.at_utc.isoformat() + "Z", "day": row.day.isoformat(), "kind": row.kind, "text": row.text}


def episodes_between(*, session: Session, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """The diary's episodes whose diary day (the day rule) falls in [first, last]."""
    query = (
        select(
            EpisodeRow.id,
            EpisodeRow.diary_day,
            EpisodeRow.muscle,
            EpisodeRow.side,
            EpisodeRow.setting,
            EpisodeRow.duration_minutes,
            EpisodeRow.pain,
            EpisodeRow.sleep_disturbance,
        )
        .where(EpisodeRow.diary_day >= first, EpisodeRow.diary_day <= last)
        .order_by(EpisodeRow.diary_day, EpisodeRow.id)
    )
    return [dict(row._mapping) for row in session.execute(query)]
