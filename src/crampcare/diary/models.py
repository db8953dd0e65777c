"""Diary tables (SQLAlchemy 2, typed). The schema itself is created by the Alembic migrations.

Times: `started_utc` is the instant (stored as naive UTC so SQLite and
PostgreSQL agree); `local_start` is the wall-clock time where the person was,
and `tz` the zone it was read in (an IANA name or a fixed offset such as
"+02:00"). `diary_day` (the day rule applied to `local_start`) and `local_hour`
are stored at write time (migration 0002), so `stats` can count per day and per
hour in SQL instead of reading every episode.

Nothing the user saved is lost silently: an edit or a delete first copies the
old row into `history` (kind, record id, the row as JSON).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}
    # Ids are never reused (migration 0003): a retried DELETE of a deleted id must not hit a newer entry.
    __table_args__: tuple[Any, ...] = ({"sqlite_autoincrement": True},)


class ProfileVersion(Base):
    """One saved assessment profile; every save is a new row, the newest is current."""

    __tablename__ = "profile_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class EpisodeRow(Base):
    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_utc: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    local_start: Mapped[dt.datetime] = mapped_column(DateTime)
    tz: Mapped[str] = mapped_column(String(64))
    diary_day: Mapped[dt.date] = mapped_column(Date, index=True)
    local_hour: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[float] = mapped_column(Float)
    muscle: Mapped[str] = mapped_column(String(32))
    side: Mapped[str] = mapped_column(String(16))
    setting: Mapped[str] = mapped_column(String(32))
    pain: Mapped[int] = mapped_column(Integer)
    sleep_disturbance: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Someone was with the person: first aid that needs a second person could be offered (migration 0005).
    helper: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # The calf or leg swelled / the leg muscles were weak with this cramp (warning signs; migration 0007).
    swelling: Mapped[bool] = mapped_column(Boolean, server_default=false())
    weakness: Mapped[bool] = mapped_column(Boolean, server_default=false())
    triggers: Mapped[list[Any]] = mapped_column(JSON)
    trigger_note: Mapped[str] = mapped_column(Text, default="")
    tried: Mapped[list[Any]] = mapped_column(JSON)  # [{"id": intervention id, "effect": 0-3}]
    note: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_utc: Mapped[dt.datetime] = mapped_column(DateTime)


class CheckinRow(Base):
    """One day's check-in; a day has at most one (a second save replaces it, keeping history)."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    water_litres: Mapped[float | None] = mapped_column(Float, nullable=True)
    caffeine_cups: Mapped[float | None] = mapped_column(Float, nullable=True)
    alcohol_units: Mapped[float | None] = mapped_column(Float, nullable=True)
    exercise: Mapped[str | None] = mapped_column(String(16), nullable=True)
    unusual_exercise: Mapped[bool | None] = mapped_column(nullable=True)
    tight_shoes: Mapped[bool | None] = mapped_column(nullable=True)
    heat: Mapped[bool | None] = mapped_column(nullable=True)
    medicines: Mapped[list[Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_utc: Mapped[dt.datetime] = mapped_column(DateTime)


class HistoryRow(Base):
    """A copy of a record as it was before an edit or a delete."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # episode | checkin
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(16))  # edit | delete | replace
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)


__all__ = ["Base", "CheckinRow", "EpisodeRow", "HistoryRow", "ProfileVersion"]
