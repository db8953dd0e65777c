"""Reading and writing diary rows. Every function takes the session keyword-only; the caller owns the transaction.

Edits and deletes first copy the old row into `history`, so nothing a person
saved disappears without a trace (only `wipe`, which the CLI guards with
--yes, removes everything).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from crampcare.diary.facts import NIGHT_END_HOUR, NIGHT_START_HOUR, CheckinFact, Summary
from crampcare.diary.models import CheckinRow, EpisodeRow, HistoryRow, ProfileVersion
from crampcare.diary.schemas import CheckinIn, EpisodeIn
from crampcare.diary.text import day_text
from crampcare.diary.timeutil import diary_day, from_stored, to_utc_naive, zone_label
from crampcare.errors import NotFoundError, StorageError
from crampcare.i18n import _


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def episode_values(episode: EpisodeIn, now: dt.datetime) -> dict[str, Any]:
    """Column values for one validated episode."""
    local = episode.started.replace(tzinfo=None)
    return {
        "started_utc": to_utc_naive(episode.started),
        "local_start": local,
        "tz": zone_label(episode.started),
        "diary_day": diary_day(local),
        "local_hour": local.hour,
        "duration_minutes": episode.duration_minutes,
        "muscle": episode.muscle,
        "side": episode.side,
        "setting": episode.setting,
        "pain": episode.pain,
        "sleep_disturbance": episode.sleep_disturbance,
        "helper": episode.helper,
        "swelling": episode.swelling,
        "weakness": episode.weakness,
        "triggers": list(episode.triggers),
        "trigger_note": episode.trigger_note,
        "tried": [item.model_dump() for item in episode.tried],
        "note": episode.note,
        "created_utc": now,
        "updated_utc": now,
    }


def episode_dict(row: EpisodeRow) -> dict[str, Any]:
    """An episode as plain data (what `show`, `list --json` and the export print)."""
    started = from_stored(row.started_utc, row.tz)
    return {
        "id": row.id,
        "started": started.isoformat(),
        "tz": row.tz,
        "diary_day": diary_day(row.local_start).isoformat(),
        "duration_minutes": row.duration_minutes,
        "muscle": row.muscle,
        "side": row.side,
        "setting": row.setting,
        "pain": row.pain,
        "sleep_disturbance": row.sleep_disturbance,
        "helper": bool(row.helper),
        "swelling": bool(row.swelling),
        "weakness": bool(row.weakness),
        "triggers": list(row.triggers),
        "trigger_note": row.trigger_note,
        "tried": list(row.tried),
        "note": row.note,
    }


def checkin_dict(row: CheckinRow) -> dict[str, Any]:
    return {
        "day": row.day.isoformat(),
        "water_litres": row.water_litres,
        "caffeine_cups": row.caffeine_cups,
        "alcohol_units": row.alcohol_units,
        "exercise": row.exercise,
        "unusual_exercise": row.unusual_exercise,
        "tight_shoes": row.tight_shoes,
        "heat": row.heat,
        "medicines": list(row.medicines),
        "note": row.note,
    }


def _remember(session: Session, kind: str, record_id: int, action: str, before: dict[str, Any]) -> None:
    session.add(HistoryRow(kind=kind, record_id=record_id, action=action, at_utc=_now(), before=before))


# --- episodes ---------------------------------------------------------------------------


def add_episode(*, session: Session, episode: EpisodeIn) -> EpisodeRow:
    row = EpisodeRow(**episode_values(episode, _now()))
    session.add(row)
    session.flush()
    return row


def add_episodes(*, session: Session, episodes: Iterable[EpisodeIn]) -> int:
    """Insert many episodes in the caller's transaction (one executemany per batch)."""
    now = _now()
    rows = [episode_values(item, now) for item in episodes]
    if rows:
        session.execute(insert(EpisodeRow), rows)
    return len(rows)


# Ids are 64-bit integers in both databases; a larger number cannot name an episode (and would overflow the driver).
MAX_ID = 2**63 - 1


def get_episode(*, session: Session, episode_id: int, lock: bool = False) -> EpisodeRow:
    """The episode, or NotFoundError. `lock` (for an edit or a delete) holds its row until the transaction ends.

    On PostgreSQL a concurrent edit or delete of the same row then waits, and sees the row as the first one
    left it: a delete that lost the race finds nothing (404) instead of deleting, and recording, it twice.
    (SQLite needs no lock: a write transaction takes the whole database up front.)
    """
    row = (
        session.get(EpisodeRow, episode_id, with_for_update=lock, populate_existing=lock)
        if 1 <= episode_id <= MAX_ID
        else None
    )
    if row is None:
        raise NotFoundError(
            _("no episode with id %(id)s") % {"id": episode_id},
            field="ID",
            valid=_("an id from `crampcare diary list`"),
        )
    return row


def list_episodes(*, session: Session, limit: int | None = None) -> Sequence[EpisodeRow]:
    """Newest first."""
    query = select(EpisodeRow).order_by(EpisodeRow.started_utc.desc(), EpisodeRow.id.desc()).limit(limit)
    return session.scalars(query).all()


def episodes_with_warning_signs(*, session: Session, limit: int) -> tuple[int, Sequence[EpisodeRow]]:
    """(how many episodes were logged with swelling or weakness, the newest `limit` of them)."""
    from sqlalchemy import func, or_

    signs = or_(EpisodeRow.swelling.is_(True), EpisodeRow.weakness.is_(True))
    total = session.scalar(select(func.count()).select_from(EpisodeRow).where(signs)) or 0
    query = select(EpisodeRow).where(signs).order_by(EpisodeRow.started_utc.desc(), EpisodeRow.id.desc())
    return total, session.scalars(query.limit(limit)).all()


def replace_episode(*, session: Session, episode_id: int, episode: EpisodeIn) -> EpisodeRow:
    """Store an edited episode; the previous version goes to history."""
    row = get_episode(session=session, episode_id=episode_id, lock=True)
    _remember(session, "episode", episode_id, "edit", episode_dict(row))
    values = episode_values(episode, _now())
    values.pop("created_utc")
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    return row


def delete_episode(*, session: Session, episode_id: int) -> dict[str, Any]:
    row = get_episode(session=session, episode_id=episode_id, lock=True)
    before = episode_dict(row)
    _remember(session, "episode", episode_id, "delete", before)
    session.delete(row)
    return before


def episode_facts(*, session: Session) -> list[tuple[Any, ...]]:
    """The columns analysis needs, as plain tuples (fast: no ORM objects for 20 k rows)."""
    query = select(
        type_coerce(EpisodeRow.local_start, Text),
        EpisodeRow.muscle,
        EpisodeRow.side,
        EpisodeRow.setting,
        EpisodeRow.pain,
        EpisodeRow.sleep_disturbance,
        EpisodeRow.duration_minutes,
        type_coerce(EpisodeRow.triggers, Text),
        type_coerce(EpisodeRow.tried, Text),
    ).order_by(EpisodeRow.local_start, EpisodeRow.id)
    # JSON lists come back as raw text (SQLite) or already parsed (PostgreSQL); most are empty, so decoding
    # only the non-empty ones keeps stats over 20 k episodes fast.
    # Core execution (no ORM row processing) and C-level parsing: this is the hot path of `stats`.
    rows = session.connection().execute(query).all()
    return [(_timestamp(row[0]), *row[1:7], _json_list(row[7]), _json_list(row[8])) for row in rows]


def _timestamp(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def _json_list(value: Any) -> list[Any]:
    if not isinstance(value, str):
        return list(value or [])
    return [] if value == "[]" else list(json.loads(value))


# The nocturnal rule of `facts.is_nocturnal`, as SQL (1 or 0 per episode).
_NOCTURNAL = case(
    (
        or_(
            EpisodeRow.setting == "bed_night",
            EpisodeRow.local_hour >= NIGHT_START_HOUR,
            EpisodeRow.local_hour < NIGHT_END_HOUR,
        ),
        1,
    ),
    else_=0,
)


def episode_summary(*, session: Session) -> Summary:
    """The `facts.Summary` of every episode, counted by the database (three GROUP BY queries, a few k rows back).

    Equal to `facts.summarize` over the same episodes (tested on SQLite and PostgreSQL).
    """
    connection = session.connection()
    summary = Summary()
    sleep = EpisodeRow.sleep_disturbance
    per_day = (
        select(
            EpisodeRow.diary_day,
            EpisodeRow.duration_minutes,
            func.count(),
            func.sum(_NOCTURNAL),
            func.sum(EpisodeRow.pain),
            func.count(sleep),
            func.coalesce(func.sum(sleep), 0),
        )
        .group_by(EpisodeRow.diary_day, EpisodeRow.duration_minutes)
        .order_by(EpisodeRow.diary_day, EpisodeRow.duration_minutes)
    )
    for day, duration, n, nocturnal, pain, sleep_n, sleep_sum in connection.execute(per_day):
        summary.day(day).add(int(n), int(nocturnal), int(pain), int(sleep_n), int(sleep_sum), float(duration))
    kinds = select(EpisodeRow.muscle, EpisodeRow.side, EpisodeRow.setting, EpisodeRow.local_hour, func.count())
    for muscle, side, setting, hour, n in connection.execute(kinds.group_by(*kinds.selected_columns[:4])):
        summary.muscles[muscle] += n
        summary.sides[side] += n
        summary.settings[setting] += n
        summary.hours[hour] += n
    _json_histograms(connection, summary)
    return summary


def _json_histograms(connection: Any, summary: Summary) -> None:
    """Triggers and tried interventions: the few distinct non-empty JSON lists, each parsed once with its count."""
    parts: list[Select[Any, str, int]] = []
    for kind, column in (("triggers", EpisodeRow.triggers), ("tried", EpisodeRow.tried)):
        text = cast(column, Text)
        parts.append(select(literal_column(f"'{kind}'"), text, func.count()).where(text != "[]").group_by(text))
    for kind, raw, n in connection.execute(union_all(*parts)):
        items = _json_list(raw)
        if kind == "triggers":
            for name in items:
                summary.triggers[name] += n
        else:
            summary.add_tried(items, n)


def checkin_facts(*, session: Session) -> list[CheckinFact]:
    """Every check-in as analysis input, oldest first (plain columns, no ORM objects)."""
    c = CheckinRow
    query = select(
        c.day,
        c.water_litres,
        c.caffeine_cups,
        c.alcohol_units,
        c.exercise,
        c.unusual_exercise,
        c.tight_shoes,
        c.heat,
        type_coerce(c.medicines, Text),
    ).order_by(c.day)
    return [CheckinFact(*row[:8], medicines=tuple(_json_list(row[8]))) for row in session.connection().execute(query)]


def count_episodes(*, session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(EpisodeRow)) or 0)


# --- check-ins ---------------------------------------------------------------------------


def find_checkin(*, session: Session, day: dt.date, lock: bool = False) -> CheckinRow | None:
    """The day's check-in; `lock` holds its row until the transaction ends (see `get_episode`)."""
    query = select(CheckinRow).where(CheckinRow.day == day)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


def save_checkin(*, session: Session, checkin: CheckinIn) -> CheckinRow:
    """One check-in per day: saving a day again replaces it, keeping the old one in history.

    Atomic on PostgreSQL too: a new day is inserted with ON CONFLICT DO NOTHING; when a concurrent save
    of the same day won, this one then finds that row (locked) and replaces it, recording it once in history,
    instead of failing on the unique day.
    """
    values = checkin.model_dump() | {"updated_utc": _now()}
    for _attempt in range(3):  # a row that appears and is deleted again between the two statements: look again
        row = find_checkin(session=session, day=checkin.day, lock=True)
        if row is not None:
            _remember(session, "checkin", row.id, "replace", checkin_dict(row))
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
            return row
        new_id = session.scalar(_insert_new_day(session, values))
        if new_id is not None:
            row = session.get(CheckinRow, new_id)
            if row is not None:
                return row
    raise StorageError(
        _("the check-in of %(day)s kept changing while it was saved; try again") % {"day": day_text(checkin.day)}
    )


def _insert_new_day(session: Session, values: dict[str, Any]) -> Any:
    """INSERT … ON CONFLICT (day) DO NOTHING RETURNING id, in the session's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert_for(CheckinRow).values(**values).on_conflict_do_nothing(index_elements=["day"]).returning(CheckinRow.id)
    )


def add_checkins(*, session: Session, checkins: Iterable[CheckinIn]) -> int:
    count = 0
    for checkin in checkins:
        save_checkin(session=session, checkin=checkin)
        count += 1
    return count


def delete_checkin(*, session: Session, day: dt.date) -> dict[str, Any]:
    """Remove a day's check-in; a copy goes to history, as for every delete."""
    row = find_checkin(session=session, day=day, lock=True)
    if row is None:
        raise NotFoundError(
            _("no check-in for %(day)s") % {"day": day_text(day)}, field="day", valid=_("a day with a check-in")
        )
    before = checkin_dict(row)
    _remember(session, "checkin", row.id, "delete", before)
    session.delete(row)
    return before


def list_checkins(*, session: Session) -> Sequence[CheckinRow]:
    return session.scalars(select(CheckinRow).order_by(CheckinRow.day)).all()


# --- profile ---------------------------------------------------------------------------


def save_profile(*, session: Session, data: dict[str, Any], saved_utc: dt.datetime | None = None) -> ProfileVersion:
    """A new profile version, stamped now (or, for an import, when it was originally saved: naive UTC)."""
    row = ProfileVersion(saved_utc=saved_utc or _now(), data=data)
    session.add(row)
    session.flush()
    return row


def latest_profile(*, session: Session) -> ProfileVersion | None:
    query = select(ProfileVersion).order_by(ProfileVersion.id.desc()).limit(1)  # ids grow with every save
    return session.scalars(query).first()


def profile_versions(*, session: Session) -> Sequence[ProfileVersion]:
    return session.scalars(select(ProfileVersion).order_by(ProfileVersion.id)).all()


def history(*, session: Session) -> Sequence[HistoryRow]:
    return session.scalars(select(HistoryRow).order_by(HistoryRow.id)).all()


def wipe(*, session: Session) -> dict[str, int]:
    """Remove every row of every table; returns how many of each were removed."""
    # The N-of-1 experiments live in the same database (migration 0004); their days and events go first.
    from crampcare.experiments.models import ExperimentDayRow, ExperimentEventRow, ExperimentRow

    removed = {}
    for model in (
        ExperimentDayRow,
        ExperimentEventRow,
        ExperimentRow,
        EpisodeRow,
        CheckinRow,
        ProfileVersion,
        HistoryRow,
    ):
        removed[model.__tablename__] = session.execute(delete(model)).rowcount  # type: ignore[attr-defined]
    return removed
