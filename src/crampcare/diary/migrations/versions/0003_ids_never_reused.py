"""Ids are never reused: SQLite tables get AUTOINCREMENT (PostgreSQL's sequences never go back).

Revision ID: 0003
Revises: 0002

Without AUTOINCREMENT, SQLite gives a new row the largest id + 1: delete the
newest episode and the next one gets its id, so a retried DELETE removes the
wrong entry and the history mixes two records. Each table is rebuilt with
AUTOINCREMENT, and its counter starts above every id the table or the history
has ever named (an id deleted before this upgrade is not handed out again).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table → the history kind that records its ids (None: history does not name them)
TABLES = {"episodes": "episode", "checkins": "checkin", "profile_versions": None, "history": None}


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL: SERIAL ids come from a sequence, which never hands out a number twice
    for table, kind in TABLES.items():
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass
        highest = connection.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()
        if kind is not None:
            named = connection.execute(
                sa.text("SELECT COALESCE(MAX(record_id), 0) FROM history WHERE kind = :kind"), {"kind": kind}
            ).scalar_one()
            highest = max(highest, named)
        connection.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table})
        connection.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"), {"name": table, "seq": highest}
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
