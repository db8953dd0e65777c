"""Ids are never reused on either database (migration 0003): a deleted id stays deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from crampcare.diary import repository as repo
from crampcare.diary import service
from crampcare.diary.db import dispose_engines, migrate, new_engine, resolve_url, session_scope
from crampcare.diary.models import EpisodeRow, HistoryRow
from crampcare.diary.schemas import EpisodeIn
from crampcare.errors import NotFoundError
from diary.sample import sample


def test_deleting_the_newest_episode_never_frees_its_id(db_url: str) -> None:
    episode = sample()[0][0]
    ids = [service.log_episode(episode, db_url=db_url)["id"] for _ in range(3)]
    service.delete_episode(ids[-1], db_url=db_url)
    fresh = service.log_episode(episode, db_url=db_url)["id"]
    assert fresh > ids[-1]
    try:
        service.delete_episode(ids[-1], db_url=db_url)  # a retried delete
        raise AssertionError("a second delete of the same id must fail")
    except NotFoundError:
        pass
    assert fresh in [item["id"] for item in service.list_episodes(db_url=db_url)]  # the newer entry is untouched
    with session_scope(db_url) as session:
        deletes = [row.record_id for row in repo.history(session=session) if row.action == "delete"]
    assert deletes == [ids[-1]]  # recorded once


def test_checkin_and_profile_ids_are_not_reused_either(db_url: str) -> None:
    service.save_checkin({"day": "2026-11-01"}, db_url=db_url)
    service.delete_checkin("2026-11-01", db_url=db_url)
    service.save_checkin({"day": "2026-11-02"}, db_url=db_url)
    with session_scope(db_url) as session:
        ids = session.execute(text("SELECT id FROM checkins")).scalars().all()
    assert ids == [2]


def test_upgrading_an_old_sqlite_diary_keeps_ids_deleted_before_the_upgrade(sqlite_url: str) -> None:
    engine = new_engine(resolve_url(sqlite_url))
    migrate(engine, "0002")
    dispose_engines()
    episode = sample()[0][0]
    engine.dispose()
    # Written with the old schema's behaviour: 3 episodes, the newest deleted (its copy in history). Core inserts
    # with the 0002 columns only: the ORM would write columns that later migrations add (0005: helper).
    now = dt.datetime(2024, 6, 30, 12, 0)
    values = repo.episode_values(EpisodeIn.model_validate(episode), now)
    old_columns = {key: value for key, value in values.items() if key not in ("helper", "swelling", "weakness")}
    with engine.begin() as connection:
        connection.execute(EpisodeRow.__table__.insert(), [old_columns] * 3)
        connection.execute(text("DELETE FROM episodes WHERE id = 3"))
        before = {"id": 3, "note": "deleted before the upgrade"}
        row = {"kind": "episode", "record_id": 3, "action": "delete", "at_utc": now, "before": before}
        connection.execute(HistoryRow.__table__.insert(), [row])
    engine.dispose()
    assert service.log_episode(episode, db_url=sqlite_url)["id"] == 4  # first use upgrades to 0003
    with engine.connect() as connection:
        sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'episodes'")).scalar_one()
    assert "AUTOINCREMENT" in sql
