"""Concurrent writes to the same record (PostgreSQL above all, where READ COMMITTED lets them interleave):
never a 5xx, a lost race is 404 with the error shape, history records each change once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.diary import repository as repo
from crampcare.diary.db import session_scope

from .conftest import EPISODE, TestClient, make_client

WRITERS = 8
ROUNDS = 4


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with make_client(create_app(Settings(database_url=db_url))) as c:
        yield c


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at the same moment (a barrier), one thread each; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _history(db_url: str) -> list[tuple[str, int, str]]:
    with session_scope(db_url) as session:
        return [(row.kind, row.record_id, row.action) for row in repo.history(session=session)]


def test_concurrent_puts_of_the_same_new_day_all_succeed_and_one_row_remains(api: TestClient, db_url: str) -> None:
    for round_ in range(ROUNDS):
        day = f"2026-11-{round_ + 1:02d}"
        answers = _together(
            [
                lambda i=i, d=day: api.put("/api/v1/diary/checkins", json={"day": d, "water_litres": i})
                for i in range(WRITERS)
            ]
        )
        assert sorted(a.status_code for a in answers) == [200] * WRITERS, [
            a.text for a in answers if a.status_code != 200
        ]
        assert api.get(f"/api/v1/diary/checkins/{day}").status_code == 200
    assert api.get("/api/v1/diary/checkins").json()["count"] == ROUNDS
    # every save but the first of each day replaced a stored one, and each replacement is in history once
    replaced = Counter(record_id for kind, record_id, action in _history(db_url) if action == "replace")
    assert sum(replaced.values()) == ROUNDS * (WRITERS - 1)


def test_a_double_delete_deletes_and_records_once(api: TestClient, db_url: str) -> None:
    for _ in range(ROUNDS):
        episode_id = api.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
        answers = _together([lambda e=episode_id: api.delete(f"/api/v1/diary/episodes/{e}")] * WRITERS)
        codes = sorted(a.status_code for a in answers)
        assert codes == [200] + [404] * (WRITERS - 1), codes
        lost = next(a for a in answers if a.status_code == 404).json()["error"]
        assert lost["code"] == "not_found" and lost["field"] == "episode_id"
        day = "2026-11-20"
        api.put("/api/v1/diary/checkins", json={"day": day})
        answers = _together([lambda d=day: api.delete(f"/api/v1/diary/checkins/{d}")] * WRITERS)
        assert sorted(a.status_code for a in answers) == [200] + [404] * (WRITERS - 1)
    deletes = Counter((kind, record_id) for kind, record_id, action in _history(db_url) if action == "delete")
    assert set(deletes.values()) == {1} and len(deletes) == 2 * ROUNDS


def test_patch_racing_delete_is_200_or_404_never_5xx(api: TestClient, db_url: str) -> None:
    for round_ in range(ROUNDS):
        episode_id = api.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
        url = f"/api/v1/diary/episodes/{episode_id}"
        calls: list[Callable[[], Any]] = [lambda u=url: api.delete(u)] * 2
        calls += [lambda i=i, u=url: api.patch(u, json={"pain": i % 10}) for i in range(WRITERS - 2)]
        answers = _together(calls)
        assert all(a.status_code in (200, 404) for a in answers), [(a.status_code, a.text) for a in answers]
        assert sorted(a.status_code for a in answers[:2]) == [200, 404]  # deleted exactly once
        assert api.get(url).status_code == 404
        edits = sum(1 for a in answers[2:] if a.status_code == 200)
        mine = [action for kind, record_id, action in _history(db_url) if kind == "episode" and record_id == episode_id]
        assert mine.count("delete") == 1 and mine.count("edit") == edits, (round_, mine, edits)


def test_a_unique_clash_is_a_conflict_and_answers_409_in_the_error_shape(db_url: str) -> None:
    import datetime as dt

    from crampcare.api.errors import from_crampcare
    from crampcare.diary.models import CheckinRow
    from crampcare.errors import ConflictError

    values = {"day": dt.date(2026, 11, 1), "medicines": [], "note": "", "updated_utc": dt.datetime(2026, 11, 1)}
    with pytest.raises(ConflictError) as caught, session_scope(db_url, write=True) as session:
        session.add_all([CheckinRow(**values), CheckinRow(**values)])
        session.flush()
    error = from_crampcare(caught.value)
    assert error.status == 409 and error.body.code == "conflict"
