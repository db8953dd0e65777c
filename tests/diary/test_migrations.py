"""Upgrading a diary created by an older crampcare keeps every record and fills the new columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from crampcare.diary import repository as repo
from crampcare.diary import service
from crampcare.diary.db import dispose_engines, migrate, new_engine, resolve_url, session_scope
from crampcare.diary.models import CheckinRow, EpisodeRow, ProfileVersion
from crampcare.diary.schemas import EpisodeIn
from diary.sample import PROFILE, TODAY, sample

NEW_COLUMNS = ("diary_day", "local_hour", "helper", "swelling", "weakness")


def _make_0001_diary(url: str) -> None:
    """A diary at schema 0001 (no diary_day / local_hour columns), filled with the sample data."""
    engine = new_engine(resolve_url(url))
    migrate(engine, "0001")
    episodes, checkins = sample(tried="fa_wall_calf_stretch")
    now = dt.datetime(2024, 6, 30, 12, 0)
    rows = []
    for data in episodes:
        values = repo.episode_values(EpisodeIn.model_validate(data), now)
        rows.append({key: value for key, value in values.items() if key not in NEW_COLUMNS})
    with engine.begin() as connection:
        connection.execute(EpisodeRow.__table__.insert(), rows)
        connection.execute(
            CheckinRow.__table__.insert(),
            [
                {"note": "", "medicines": [], **c, "day": dt.date.fromisoformat(c["day"]), "updated_utc": now}
                for c in checkins
            ],
        )
        connection.execute(ProfileVersion.__table__.insert(), [{"saved_utc": now, "data": PROFILE}])
    engine.dispose()


def test_upgrade_from_0001_keeps_data_and_backfills(db_url: str) -> None:
    _make_0001_diary(db_url)
    dispose_engines()
    episodes, checkins = sample(tried="fa_wall_calf_stretch")
    listed = service.list_episodes(db_url=db_url)  # first use migrates to the newest schema
    assert len(listed) == len(episodes) and len(service.list_checkins(db_url=db_url)) == len(checkins)
    assert service.current_profile(db_url=db_url) is not None
    with session_scope(db_url) as session:
        stored = session.execute(select(EpisodeRow.local_start, EpisodeRow.diary_day, EpisodeRow.local_hour)).all()
    for local_start, day, hour in stored:
        assert hour == local_start.hour
        assert day == (local_start.date() - dt.timedelta(days=1) if local_start.hour < 6 else local_start.date())
    python_episodes, python_checkins = service.facts(db_url=db_url)
    from crampcare.diary.stats import compute_stats

    assert service.stats(db_url=db_url, today=TODAY) == compute_stats(python_episodes, python_checkins, today=TODAY)
    # and the upgraded diary keeps working for new writes
    service.log_episode(sample()[0][0], db_url=db_url)
    assert len(service.list_episodes(db_url=db_url)) == len(episodes) + 1


def test_upgrade_to_0005_marks_old_episodes_without_a_helper_and_new_ones_keep_it(db_url: str) -> None:
    _make_0001_diary(db_url)
    dispose_engines()
    listed = service.list_episodes(db_url=db_url)  # migrates through 0005
    assert listed and all(episode["helper"] is False for episode in listed)
    logged = service.log_episode({**sample()[0][0], "helper": True}, db_url=db_url)
    assert logged["helper"] is True
    assert [e["helper"] for e in service.list_episodes(db_url=db_url)].count(True) == 1


def test_upgrade_to_0007_marks_old_episodes_without_swelling_or_weakness(db_url: str) -> None:
    _make_0001_diary(db_url)
    dispose_engines()
    listed = service.list_episodes(db_url=db_url)  # migrates through 0007
    assert listed and all(e["swelling"] is False and e["weakness"] is False for e in listed)
    logged = service.log_episode({**sample()[0][0], "swelling": True, "weakness": True}, db_url=db_url)
    assert logged["swelling"] is True and logged["weakness"] is True
    again = service.get_episode(logged["id"], db_url=db_url)
    assert again["swelling"] is True and again["weakness"] is True
