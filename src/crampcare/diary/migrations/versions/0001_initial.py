"""The first diary schema: profile versions, episodes, check-ins, history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("saved_utc", sa.DateTime, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_utc", sa.DateTime, nullable=False),
        sa.Column("local_start", sa.DateTime, nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("duration_minutes", sa.Float, nullable=False),
        sa.Column("muscle", sa.String(32), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("setting", sa.String(32), nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("sleep_disturbance", sa.Integer, nullable=True),
        sa.Column("triggers", sa.JSON, nullable=False),
        sa.Column("trigger_note", sa.Text, nullable=False),
        sa.Column("tried", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_utc", sa.DateTime, nullable=False),
        sa.Column("updated_utc", sa.DateTime, nullable=False),
    )
    op.create_index("ix_episodes_started_utc", "episodes", ["started_utc"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, unique=True),
        sa.Column("water_litres", sa.Float, nullable=True),
        sa.Column("caffeine_cups", sa.Float, nullable=True),
        sa.Column("alcohol_units", sa.Float, nullable=True),
        sa.Column("exercise", sa.String(16), nullable=True),
        sa.Column("unusual_exercise", sa.Boolean, nullable=True),
        sa.Column("tight_shoes", sa.Boolean, nullable=True),
        sa.Column("heat", sa.Boolean, nullable=True),
        sa.Column("medicines", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_utc", sa.DateTime, nullable=False),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at_utc", sa.DateTime, nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
    )
    op.create_index("ix_history_record_id", "history", ["record_id"])


def downgrade() -> None:
    op.drop_table("history")
    op.drop_table("checkins")
    op.drop_index("ix_episodes_started_utc", "episodes")
    op.drop_table("episodes")
    op.drop_table("profile_versions")
