"""The cards CDS calls hand out are stored by a writer thread just after the answer (api/issued_cards.py)."""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from crampcare.api import issued_cards
from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.diary.db import session_scope
from crampcare.fhir.feedback import CdsCardRow

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ beside tests/
from benchmarks import bench_cds


def _stored(db_url: str) -> dict[str, tuple[str, str]]:
    with session_scope(db_url) as session:
        rows = session.execute(select(CdsCardRow.uuid, CdsCardRow.service, CdsCardRow.kind))
        return {uuid_: (service, kind) for uuid_, service, kind in rows}


def _cards(count: int, kind: str = "labs") -> list[tuple[str, str]]:
    return [(str(uuid.uuid4()), kind) for _ in range(count)]


@pytest.fixture
def blocked_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every write waits until the test sets the event (a database that stalls)."""
    go = threading.Event()
    real = issued_cards.record_issued_together

    def slow(db_url: str | None, calls: list[tuple[str, list[tuple[str, str]]]]) -> None:
        go.wait(timeout=30)
        real(db_url, calls)

    monkeypatch.setattr(issued_cards, "record_issued_together", slow)
    yield go
    go.set()


def test_a_patient_view_call_answers_and_its_cards_are_stored_with_their_kinds(db_url: str) -> None:
    prefetch = bench_cds.record_prefetch()  # the benchmark's record (older_woman_diuretic.json) as an EHR prefetches it
    body = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/1", "patientId": prefetch["patient"]["id"]},
        "prefetch": prefetch,
    }
    with TestClient(create_app(Settings(database_url=db_url)), base_url="http://127.0.0.1") as client:
        answer = client.post("/cds-services/crampcare-patient-view", json=body)
        assert answer.status_code == 200, answer.text
        cards = answer.json()["cards"]
        assert cards
        assert issued_cards.flush(db_url, timeout=30)
    stored = _stored(db_url)
    assert {card["uuid"] for card in cards} <= set(stored)
    assert {stored[card["uuid"]][0] for card in cards} == {"crampcare-patient-view"}
    assert all(stored[card["uuid"]][1] for card in cards)  # each with its kind


def test_calls_queued_while_a_write_runs_are_stored_together(db_url: str, blocked_writes: threading.Event) -> None:
    first = _cards(2)
    issued_cards.submit(db_url, "crampcare-patient-view", first)
    later = [_cards(n, "red_flag") for n in (1, 3, 5)]
    for cards in later:
        issued_cards.submit(db_url, "crampcare-order-sign", cards)
    assert not issued_cards.flush(db_url, timeout=0.05)  # the database stalls: nothing is lost, nothing is done
    blocked_writes.set()
    assert issued_cards.flush(db_url, timeout=30)
    stored = _stored(db_url)
    assert all(stored[u] == ("crampcare-patient-view", "labs") for u, _ in first)
    assert all(stored[u] == ("crampcare-order-sign", "red_flag") for cards in later for u, _ in cards)


def test_one_calls_bad_card_does_not_lose_the_others_and_is_logged(
    db_url: str, blocked_writes: threading.Event, caplog: pytest.LogCaptureFixture
) -> None:
    kept = str(uuid.uuid4())
    issued_cards.submit(db_url, "crampcare-patient-view", [(kept, "labs")])
    blocked_writes.set()
    assert issued_cards.flush(db_url, timeout=30)
    blocked_writes.clear()
    good_before, good_after = _cards(2), _cards(3)
    bad = [(str(uuid.uuid4()), "red_flag"), (kept, "plan_link")]  # the database refuses a uuid it has
    with caplog.at_level(logging.ERROR, logger="crampcare.cds"):
        for cards in (good_before, bad, good_after):
            issued_cards.submit(db_url, "crampcare-patient-view", cards)
        blocked_writes.set()
        assert issued_cards.flush(db_url, timeout=30)
    stored = _stored(db_url)
    assert all(u in stored for u, _ in good_before + good_after)
    assert bad[0][0] not in stored and stored[kept] == ("crampcare-patient-view", "labs")  # all of a call or none
    logged = [r.getMessage() for r in caplog.records if r.name == "crampcare.cds"]
    assert len(logged) == 1 and bad[0][0] in logged[0] and kept in logged[0], logged


def test_a_stopping_server_stores_what_is_queued(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = issued_cards.record_issued_together

    def slow(db_url: str | None, calls: list[tuple[str, list[tuple[str, str]]]]) -> None:
        time.sleep(0.3)
        real(db_url, calls)

    monkeypatch.setattr(issued_cards, "record_issued_together", slow)
    cards = _cards(4)
    with TestClient(create_app(Settings(database_url=sqlite_url)), base_url="http://127.0.0.1"):
        issued_cards.submit(sqlite_url, "crampcare-patient-view", cards)
        assert not _stored(sqlite_url)  # the write is still under way when the server is told to stop
    assert {u for u, _ in cards} <= set(_stored(sqlite_url))


def test_an_idle_writer_ends_and_the_next_call_starts_another(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issued_cards, "IDLE_SECONDS", 0.05)
    first, second = _cards(1), _cards(2)
    issued_cards.submit(sqlite_url, "crampcare-patient-view", first)
    assert issued_cards.flush(sqlite_url, timeout=30)
    deadline = time.monotonic() + 10
    while sqlite_url in issued_cards._writers and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sqlite_url not in issued_cards._writers
    issued_cards.submit(sqlite_url, "crampcare-patient-view", second)
    assert issued_cards.flush(sqlite_url, timeout=30)
    assert {u for u, _ in first + second} <= set(_stored(sqlite_url))


def test_a_call_without_cards_queues_nothing(sqlite_url: str) -> None:
    issued_cards.submit(sqlite_url, "crampcare-patient-view", [])
    assert sqlite_url not in issued_cards._writers
    assert issued_cards.flush(sqlite_url, timeout=0)


def test_an_unforeseen_failure_is_logged_and_the_writer_lives_on(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = issued_cards.record_issued_together
    failures = iter([RuntimeError("a bug")])

    def once_broken(db_url: str | None, calls: list[tuple[str, list[tuple[str, str]]]]) -> None:
        error = next(failures, None)
        if error is not None:
            raise error
        real(db_url, calls)

    monkeypatch.setattr(issued_cards, "record_issued_together", once_broken)
    lost, kept = _cards(1), _cards(2)
    with caplog.at_level(logging.ERROR, logger="crampcare.cds"):
        issued_cards.submit(sqlite_url, "crampcare-patient-view", lost)
        assert issued_cards.flush(sqlite_url, timeout=30)
    assert any("not stored" in r.getMessage() and r.exc_info for r in caplog.records)
    issued_cards.submit(sqlite_url, "crampcare-patient-view", kept)
    assert issued_cards.flush(sqlite_url, timeout=30)
    stored = _stored(sqlite_url)
    assert all(u in stored for u, _ in kept) and lost[0][0] not in stored
