"""Migration 0003 adds the experiment tables to an existing diary, which keeps its entries; one Alembic head."""

from __future__ import annotations

import datetime as dt

from alembic.config import Config
from alembic.script import ScriptDirectory

from crampcare.diary import service as diary
from crampcare.diary.db import MIGRATIONS_DIR, dispose_engines, migrate, new_engine, resolve_url
from crampcare.experiments import service


def test_one_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_0002_keeps_the_diary_and_adds_experiments(db_url: str) -> None:
    engine = new_engine(resolve_url(db_url))
    migrate(engine, "0002")
    engine.dispose()
    dispose_engines()
    start = dt.date(2024, 5, 1)
    # the first use migrates to the newest schema; what 0002 stored is still there
    diary.save_profile({"age_years": 50}, db_url=db_url)
    diary.log_episode(
        {
            "started": "2024-05-02T02:00+02:00",
            "duration_minutes": 2,
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": 4,
        },
        db_url=db_url,
    )
    state = service.start(
        {"intervention": "nightly_calf_hamstring_stretching", "start": start.isoformat(), "seed": 1},
        db_url=db_url,
        today=start,
    )
    assert state["id"] == 1 and len(diary.list_episodes(db_url=db_url)) == 1
