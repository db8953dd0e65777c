"""N-of-1 self-experiments (issue 16): experiments, their daily check-ins and their events.

Revision ID: 0004
Revises: 0003

Like every diary table since 0003, ids are never reused (AUTOINCREMENT on SQLite).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("intervention_id", sa.String(64), nullable=False),
        sa.Column("intervention_name", sa.String(200), nullable=False),
        sa.Column("created_utc", sa.DateTime, nullable=False),
        sa.Column("start_day", sa.Date, nullable=False),
        sa.Column("period_days", sa.Integer, nullable=False),
        sa.Column("pairs", sa.Integer, nullable=False),
        sa.Column("run_in_days", sa.Integer, nullable=False),
        sa.Column("washout_days", sa.Integer, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("orders", sa.JSON, nullable=False),
        sa.Column("mid_per_week", sa.Float, nullable=False),
        sa.Column("basis", sa.JSON, nullable=False),
        sa.Column("stopped_utc", sa.DateTime, nullable=True),
        sa.Column("stop_kind", sa.String(16), nullable=True),
        sa.Column("stop_reason", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "experiment_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("experiment_id", sa.Integer, sa.ForeignKey("experiments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_utc", sa.DateTime, nullable=False),
        sa.UniqueConstraint("experiment_id", "day", name="uq_experiment_days_day"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_experiment_days_experiment_id", "experiment_days", ["experiment_id"])
    op.create_table(
        "experiment_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("experiment_id", sa.Integer, sa.ForeignKey("experiments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at_utc", sa.DateTime, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_experiment_events_experiment_id", "experiment_events", ["experiment_id"])


def downgrade() -> None:
    op.drop_index("ix_experiment_events_experiment_id", "experiment_events")
    op.drop_table("experiment_events")
    op.drop_index("ix_experiment_days_experiment_id", "experiment_days")
    op.drop_table("experiment_days")
    op.drop_table("experiments")
