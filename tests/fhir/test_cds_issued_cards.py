"""The cards CDS calls hand out are remembered in one statement, all of them or none (issue 14, latency)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import event, select

from crampcare.diary.db import engine_for, session_scope
from crampcare.errors import StorageError
from crampcare.fhir.feedback import CdsCardRow, record_issued, record_issued_together

KINDS = ["red_flag", "cramp_cause", "cramp_cause", "taken_avoid", "labs", "plan_link"]


def _stored(db_url: str) -> list[tuple[str, str, str, dt.datetime]]:
    with session_scope(db_url) as session:
        rows = session.execute(select(CdsCardRow.uuid, CdsCardRow.service, CdsCardRow.kind, CdsCardRow.issued_utc))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_every_card_is_stored_with_its_kind_in_one_insert(db_url: str) -> None:
    cards = [(str(uuid.uuid4()), kind) for kind in KINDS]
    engine_for(db_url)  # migrated before counting
    statements: list[tuple[str, bool]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, executemany: bool) -> None:
        statements.append((statement, executemany))

    event.listen(engine_for(db_url), "before_cursor_execute", seen)
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        record_issued(db_url, "crampcare-patient-view", cards)
    finally:
        event.remove(engine_for(db_url), "before_cursor_execute", seen)
    inserts = [(s, many) for s, many in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and not inserts[0][1], statements  # one statement, not one per card
    stored = sorted(_stored(db_url))
    assert [(u, s, k) for u, s, k, _ in stored] == sorted((u, "crampcare-patient-view", k) for u, k in cards)
    assert len({when for *_, when in stored}) == 1
    assert before - dt.timedelta(seconds=1) <= stored[0][3] <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


@pytest.mark.parametrize("count", [1, 2, 7])
def test_calls_with_different_numbers_of_cards_each_store_theirs(db_url: str, count: int) -> None:
    first = [(str(uuid.uuid4()), "labs") for _ in range(count)]
    second = [(str(uuid.uuid4()), "plan_link") for _ in range(count + 1)]
    record_issued(db_url, "crampcare-order-sign", first)
    record_issued(db_url, "crampcare-order-sign", second)
    record_issued(db_url, "crampcare-order-sign", [])
    assert sorted((u, k) for u, _, k, _ in _stored(db_url)) == sorted(first + second)


def test_a_failed_write_stores_none_of_the_calls_cards(db_url: str) -> None:
    """A card the database refuses (here a uuid already stored) fails the write: no card of it is remembered (the
    writer of api/issued_cards.py then logs the call's cards)."""
    kept = str(uuid.uuid4())
    record_issued(db_url, "crampcare-patient-view", [(kept, "labs")])
    fresh = [(str(uuid.uuid4()), "red_flag"), (str(uuid.uuid4()), "cramp_cause")]
    with pytest.raises(StorageError, match="the database failed"):
        record_issued(db_url, "crampcare-patient-view", [*fresh, (kept, "plan_link")])
    assert [(u, k) for u, _, k, _ in _stored(db_url)] == [(kept, "labs")]


def test_calls_written_together_are_stored_together_or_not_at_all(db_url: str) -> None:
    """More cards than one SQLite statement takes (several statements, one transaction): a uuid the database
    has, in the last statement, leaves none of them stored."""
    many = [(str(uuid.uuid4()), "cramp_cause") for _ in range(150)]
    other = [(str(uuid.uuid4()), "labs") for _ in range(3)]
    record_issued_together(db_url, [("crampcare-patient-view", many), ("crampcare-order-sign", other)])
    stored = {u: (s, k) for u, s, k, _ in _stored(db_url)}
    assert len(stored) == 153 and stored[other[0][0]] == ("crampcare-order-sign", "labs")
    fresh = [(str(uuid.uuid4()), "red_flag") for _ in range(140)]
    with pytest.raises(StorageError, match="the database failed"):
        record_issued_together(db_url, [("crampcare-patient-view", fresh), ("crampcare-order-sign", [many[0]])])
    assert len(_stored(db_url)) == 153
