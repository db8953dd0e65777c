"""Migration 0004 adds the experiment tables to an existing diary, which keeps its entries; one Alembic head."""

from __future__ import annotations

import datetime as dt

from alembic.config import Config
from alembic.script import ScriptDirectory

from crampcare.diary import service as diary
from crampcare.diary.db import MIGRATIONS_DIR, dispose_engines, migrate, new_engine, resolve_url
from crampcare.diary.models import ProfileVersion
from crampcare.experiments import service


def test_one_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_0003_keeps_the_diary_and_adds_experiments(db_url: str) -> None:
    engine = new_engine(resolve_url(db_url))
    migrate(engine, "0003")
    with engine.begin() as connection:  # a profile stored before experiments existed
        connection.execute(
            ProfileVersion.__table__.insert(), [{"saved_utc": dt.datetime(2024, 4, 1), "data": {"age_years": 50}}]
        )
    engine.dispose()
    dispose_engines()
    start = dt.date(2024, 5, 1)
    # the first use migrates to the newest schema, and the experiment is allowed on the profile stored before
    state = service.start(
        {"intervention": "nightly_calf_hamstring_stretching", "start": start.isoformat(), "seed": 1},
        db_url=db_url,
        today=start,
    )
    assert state["id"] == 1 and state["basis"]["profile_version"] == 1
    assert diary.current_profile(db_url=db_url) is not None
