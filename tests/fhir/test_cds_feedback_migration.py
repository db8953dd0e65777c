"""Migration 0006 adds the CDS Hooks card and feedback tables to an existing diary, which keeps its entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from crampcare.diary.db import dispose_engines, migrate, new_engine, resolve_url, session_scope
from crampcare.diary.models import ProfileVersion
from crampcare.fhir.feedback import Feedback, feedback_counts, record_feedback, record_issued

CARD = "6c1c4f0e-6e9b-4d5e-9f1b-0a4c7f3e2d11"


def test_upgrade_from_0005_keeps_the_diary_and_adds_the_feedback_tables(db_url: str) -> None:
    engine = new_engine(resolve_url(db_url))
    migrate(engine, "0005")
    assert "cds_feedback" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.execute(
            ProfileVersion.__table__.insert(), [{"saved_utc": dt.datetime(2024, 4, 1), "data": {"age_years": 50}}]
        )
    engine.dispose()
    dispose_engines()
    # the first use migrates to the newest schema
    record_issued(db_url, "crampcare-patient-view", [(CARD, "red_flag")])
    when = dt.datetime(2026, 12, 4, 10, 0)
    record_feedback(db_url, "crampcare-patient-view", [Feedback(card=CARD, outcome="overridden", outcome_utc=when)])
    assert feedback_counts(db_url, "crampcare-patient-view")["by_kind"] == {"red_flag": {"overridden": 1}}
    with session_scope(db_url) as session:
        assert session.scalars(select(ProfileVersion.data)).all() == [{"age_years": 50}]


def test_upgrade_to_0008_keeps_the_first_of_each_cards_repeated_outcome(db_url: str) -> None:
    """Feedback stored twice before 0008 (an EHR's retry) is counted once after it; other outcomes are kept."""
    from crampcare.fhir.feedback import CdsFeedbackRow

    engine = new_engine(resolve_url(db_url))
    migrate(engine, "0007")
    row = {
        "card": CARD,
        "service": "crampcare-patient-view",
        "kind": "red_flag",
        "accepted_suggestions": [],
        "outcome_utc": dt.datetime(2026, 12, 4, 10, 0),
    }
    with engine.begin() as connection:
        connection.execute(
            CdsFeedbackRow.__table__.insert(),
            [
                row | {"outcome": "overridden", "user_comment": "first", "received_utc": dt.datetime(2026, 12, 4, 10)},
                row | {"outcome": "overridden", "user_comment": "again", "received_utc": dt.datetime(2026, 12, 4, 11)},
                row | {"outcome": "accepted", "user_comment": None, "received_utc": dt.datetime(2026, 12, 4, 12)},
            ],
        )
        stored = connection.execute(select(CdsFeedbackRow.outcome).order_by(CdsFeedbackRow.id)).scalars().all()
    assert stored == ["overridden", "overridden", "accepted"]  # 0007 kept the repeat
    engine.dispose()
    dispose_engines()
    # the first use migrates to the newest schema
    assert feedback_counts(db_url, "crampcare-patient-view")["by_kind"] == {
        "red_flag": {"accepted": 1, "overridden": 1}
    }
    with session_scope(db_url) as session:
        kept = session.scalars(select(CdsFeedbackRow.user_comment).where(CdsFeedbackRow.outcome == "overridden"))
        assert kept.all() == ["first"]
