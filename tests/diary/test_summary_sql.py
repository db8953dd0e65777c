"""The database's GROUP BY summary equals the pure-Python summary of the same episodes, on both backends."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from crampcare.diary import repository as repo
from crampcare.diary import service
from crampcare.diary.db import session_scope
from crampcare.diary.facts import summarize
from crampcare.diary.stats import compute_stats
from diary.sample import TODAY, fill, sample

ZONE = ZoneInfo("Europe/Berlin")


def _edge_episodes() -> list[dict[str, Any]]:
    """Night boundaries (05:59, 06:00, 21:59, 22:00), a DST change, no sleep score, fractional durations, ratings."""
    times = [
        dt.datetime(2024, 3, 31, 1, 30, tzinfo=ZONE),  # the night the clocks go forward
        dt.datetime(2024, 3, 31, 3, 30, tzinfo=ZONE),
        dt.datetime(2024, 4, 2, 5, 59, tzinfo=ZONE),
        dt.datetime(2024, 4, 2, 6, 0, tzinfo=ZONE),
        dt.datetime(2024, 4, 2, 21, 59, tzinfo=ZONE),
        dt.datetime(2024, 4, 2, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2024, 4, 2, 23, 59, tzinfo=ZONE),
    ]
    episodes = []
    for index, start in enumerate(times):
        episodes.append(
            {
                "started": start.isoformat(),
                "duration_minutes": [0.5, 1.25, 2, 2, 7.5, 0.1, 3][index],
                "muscle": ["calf", "foot", "toes", "calf", "hamstring", "calf", "foot"][index],
                "side": ["left", "right", "both", "left", "left", "right", "left"][index],
                "setting": ["sitting", "bed_night", "exercise", "sitting", "walking_standing", "sitting", "bed_night"][
                    index
                ],
                "pain": index,
                "sleep_disturbance": None if index % 2 else index,
                "triggers": [["heat"], [], ["heat", "dehydration"], [], ["dehydration"], [], ["heat"]][index],
                "tried": [{"id": "fa_wall_calf_stretch", "effect": index % 4}] if index % 3 == 0 else [],
            }
        )
    return episodes


def test_sql_summary_equals_python_summary(db_url: str) -> None:
    fill(db_url, tried="fa_wall_calf_stretch")
    for episode in _edge_episodes():
        service.log_episode(episode, db_url=db_url)
    episodes, checkins = service.facts(db_url=db_url)
    with session_scope(db_url) as session:
        from_sql = repo.episode_summary(session=session)
    expected = summarize(episodes)
    assert from_sql == expected
    logged = len(sample(tried="fa_wall_calf_stretch")[0])
    assert from_sql.total == logged + 7 and sum(from_sql.hours) == logged + 7
    assert from_sql.effects["fa_wall_calf_stretch"].total() == logged + 3  # the edge episodes 0, 3 and 6
    assert service.stats(db_url=db_url, today=TODAY) == compute_stats(episodes, checkins, today=TODAY)


def test_stored_day_and_hour_follow_the_day_rule(db_url: str) -> None:
    for episode in _edge_episodes():
        service.log_episode(episode, db_url=db_url)
    with session_scope(db_url) as session:
        days = repo.episode_summary(session=session).days
    # 01:30 and 03:30 on 31 March are the night of 30 March; 05:59 on 2 April is 1 April's; 06:00 is 2 April's.
    assert {day: figures.episodes for day, figures in days.items()} == {
        dt.date(2024, 3, 30): 2,
        dt.date(2024, 4, 1): 1,
        dt.date(2024, 4, 2): 4,
    }


def test_empty_diary_summary(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert repo.episode_summary(session=session) == summarize([])
    assert service.stats(db_url=db_url, today=TODAY)["episodes"] == 0
