"""The experiment tables, in the diary's database (created by migration 0004).

An experiment stores its design (the seed and the numbers the schedule is rebuilt from, and the drawn orders as
a check), the basis on which the intervention was allowed, and its end. Each day's check-in (did the person
follow today's arm?) is one row per experiment and diary day; a changed check-in keeps its previous version in
the diary's history table. Events are what happened along the way: an adverse effect, a resume after a warning
sign, a stop.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crampcare.diary.models import Base


class ExperimentRow(Base):
    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[str] = mapped_column(String(64))
    intervention_name: Mapped[str] = mapped_column(String(200))
    created_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    start_day: Mapped[dt.date] = mapped_column(Date)
    period_days: Mapped[int] = mapped_column(Integer)
    pairs: Mapped[int] = mapped_column(Integer)
    run_in_days: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    orders: Mapped[list[Any]] = mapped_column()
    mid_per_week: Mapped[float] = mapped_column(Float)
    basis: Mapped[dict[str, Any]] = mapped_column()
    stopped_utc: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    stop_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # stopped | adverse
    stop_reason: Mapped[str] = mapped_column(Text, default="")


class ExperimentDayRow(Base):
    __tablename__ = "experiment_days"
    __table_args__ = (
        UniqueConstraint("experiment_id", "day", name="uq_experiment_days_day"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    done: Mapped[bool] = mapped_column()  # A: did it that evening; B: left it out (False is adherent in B)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_utc: Mapped[dt.datetime] = mapped_column(DateTime)


class ExperimentEventRow(Base):
    __tablename__ = "experiment_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # adverse | resume | stop
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column()


__all__ = ["ExperimentDayRow", "ExperimentEventRow", "ExperimentRow"]
