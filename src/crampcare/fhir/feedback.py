"""CDS Hooks feedback kept in the database: which card a clinician accepted or overrode, why, and when.

Every card a CDS service hands out is remembered (`cds_cards`: its uuid, service and kind), so that feedback,
which names only the card's uuid, can be counted per card kind: a clinic sees which cards are overridden and
for what reason. Feedback (`cds_feedback`) is one row per card and outcome: an EHR that sends the same report
again (a retry) is answered as the first time and the repeat is not counted (migration 0008); nothing stored
is overwritten. Both tables live in the diary's database and are created by migration 0006. Feedback on a card
this database never issued is kept too, under the kind "unknown card".
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Insert, Integer, String, Text, TextClause, bindparam, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from crampcare.diary.db import engine_for, session_scope
from crampcare.diary.models import Base
from crampcare.errors import StorageError
from crampcare.i18n import _

UNKNOWN_CARD = "unknown card"


class CdsCardRow(Base):
    """A card as issued: feedback names its uuid only."""

    __tablename__ = "cds_cards"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    service: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    issued_utc: Mapped[dt.datetime] = mapped_column(DateTime)


class CdsFeedbackRow(Base):
    """One feedback item as the EHR sent it, with the kind of the card it is about."""

    __tablename__ = "cds_feedback"
    # One row per card and outcome (migration 0008): a report sent again is the same interaction.
    __table_args__ = (
        Index("uq_cds_feedback_card_outcome", "service", "card", "outcome", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card: Mapped[str] = mapped_column(String(36), index=True)
    service: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | overridden
    accepted_suggestions: Mapped[list[Any]] = mapped_column(JSON)  # the accepted suggestions' uuids
    override_system: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_code: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_display: Mapped[str | None] = mapped_column(Text, nullable=True)
    user_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome_utc: Mapped[dt.datetime] = mapped_column(DateTime)  # when the clinician acted (naive UTC)
    received_utc: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class Feedback:
    """One checked feedback item (the API checks the guide's invariants cds-fb-1..3 before building it)."""

    card: str
    outcome: str
    outcome_utc: dt.datetime
    accepted_suggestions: tuple[str, ...] = ()
    override_system: str | None = None
    override_code: str | None = None
    override_display: str | None = None
    user_comment: str | None = None


_locks: dict[str | None, threading.Lock] = {}
_locks_lock = threading.Lock()


def _write_lock(db_url: str | None) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(db_url, threading.Lock())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


ROWS_PER_SQLITE_INSERT = 64  # a statement text per row count up to this, each compiled once


@cache
def _insert_cards(count: int) -> TextClause:
    """SQLite: one INSERT of `count` cards (a row per card, the time shared): the same text for the same count, so
    SQLAlchemy compiles it once and finds it in its cache after that (a Core insert with many VALUES rows is
    compiled again on every call, which cost more than the write itself)."""
    rows = ", ".join(f"(:uuid{i}, :service{i}, :kind{i}, :issued)" for i in range(count))
    sql = f"INSERT INTO {CdsCardRow.__tablename__} (uuid, service, kind, issued_utc) VALUES {rows}"
    return text(sql).bindparams(bindparam("issued", type_=DateTime()))


# PostgreSQL: any number of cards in one statement of one text, the columns passed as arrays.
_INSERT_CARD_ARRAYS = text(
    f"INSERT INTO {CdsCardRow.__tablename__} (uuid, service, kind, issued_utc) "
    "SELECT u, s, k, :issued FROM unnest(CAST(:uuids AS varchar[]), CAST(:services AS varchar[]), "
    "CAST(:kinds AS varchar[])) AS t(u, s, k)"
).bindparams(bindparam("issued", type_=DateTime()))


def record_issued(db_url: str | None, service: str, cards: list[tuple[str, str]]) -> None:
    """Remember the cards one call handed out, each (uuid, kind): all of them, or an error."""
    record_issued_together(db_url, [(service, cards)])


def record_issued_together(db_url: str | None, calls: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """Remember the cards of several calls, each (service, [(uuid, kind)]): all of them or none.

    PostgreSQL: one statement of one text whatever the number of cards, in autocommit (a single INSERT is atomic
    on its own; no BEGIN and COMMIT round trips). SQLite: in one write transaction (BEGIN IMMEDIATE), the threads
    of one server process taking turns on a lock first (writers that meet SQLite's own lock back off by sleeping
    up to 100 ms), the rows in statements of at most ROWS_PER_SQLITE_INSERT.
    """
    rows = [(uuid, service, kind) for service, cards in calls for uuid, kind in cards]
    if not rows:
        return
    issued = _now()
    engine = engine_for(db_url)
    try:
        if engine.dialect.name == "postgresql":
            uuids, services, kinds = (list(column) for column in zip(*rows, strict=True))
            params = {"issued": issued, "uuids": uuids, "services": services, "kinds": kinds}
            with engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(_INSERT_CARD_ARRAYS, params)
            return
        with _write_lock(db_url), engine.execution_options(crampcare_write=True).begin() as connection:
            for start in range(0, len(rows), ROWS_PER_SQLITE_INSERT):
                chunk = rows[start : start + ROWS_PER_SQLITE_INSERT]
                values: dict[str, Any] = {"issued": issued}
                for i, (uuid, service, kind) in enumerate(chunk):
                    values[f"uuid{i}"], values[f"service{i}"], values[f"kind{i}"] = uuid, service, kind
                connection.execute(_insert_cards(len(chunk)), values)
    except SQLAlchemyError as exc:
        raise StorageError(_("the database failed: %(reason)s") % {"reason": str(exc).splitlines()[0]}) from exc


def _insert_once(dialect: str) -> Insert:
    """An INSERT of feedback rows that skips a card's outcome already stored (both dialects the diary runs on)."""
    keys = ["service", "card", "outcome"]
    if dialect == "postgresql":
        return postgresql.insert(CdsFeedbackRow).on_conflict_do_nothing(index_elements=keys)
    return sqlite.insert(CdsFeedbackRow).on_conflict_do_nothing(index_elements=keys)


def record_feedback(db_url: str | None, service: str, items: list[Feedback]) -> None:
    """Store every item, all or none, each with the kind of the card it names; a card's outcome reported before
    (in an earlier call or earlier in this one) is kept as first reported and not counted again."""
    now = _now()
    first = {(item.card, item.outcome): item for item in reversed(items)}  # reversed: the first one wins
    with session_scope(db_url, write=True) as session:
        wanted = {item.card for item in items}
        found = session.execute(
            select(CdsCardRow.uuid, CdsCardRow.kind).where(CdsCardRow.uuid.in_(wanted), CdsCardRow.service == service)
        )
        kinds = {uuid: kind for uuid, kind in found}
        rows = [
            {
                "card": item.card,
                "service": service,
                "kind": kinds.get(item.card, UNKNOWN_CARD),
                "outcome": item.outcome,
                "accepted_suggestions": list(item.accepted_suggestions),
                "override_system": item.override_system,
                "override_code": item.override_code,
                "override_display": item.override_display,
                "user_comment": item.user_comment,
                "outcome_utc": item.outcome_utc,
                "received_utc": now,
            }
            for item in items
            if first[(item.card, item.outcome)] is item
        ]
        session.execute(_insert_once(session.get_bind().dialect.name), rows)


def feedback_counts(db_url: str | None, service: str) -> dict[str, Any]:
    """Per card kind, how often each outcome was reported; and how often each override reason was given."""
    with session_scope(db_url) as session:
        by_kind: dict[str, dict[str, int]] = {}
        rows = session.execute(
            select(CdsFeedbackRow.kind, CdsFeedbackRow.outcome, func.count())
            .where(CdsFeedbackRow.service == service)
            .group_by(CdsFeedbackRow.kind, CdsFeedbackRow.outcome)
            .order_by(CdsFeedbackRow.kind, CdsFeedbackRow.outcome)
        )
        for kind, outcome, count in rows:
            by_kind.setdefault(kind, {})[outcome] = count
        reasons = session.execute(
            select(CdsFeedbackRow.override_code, func.count())
            .where(CdsFeedbackRow.service == service, CdsFeedbackRow.override_code.is_not(None))
            .group_by(CdsFeedbackRow.override_code)
            .order_by(CdsFeedbackRow.override_code)
        )
        return {"by_kind": by_kind, "override_reasons": {str(code): count for code, count in reasons}}
