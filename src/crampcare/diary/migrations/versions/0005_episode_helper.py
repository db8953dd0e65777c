"""Store whether someone was with the person during an episode (issue 11: a helper's first aid only then).

Revision ID: 0005
Revises: 0004

Episodes logged before this revision get false: nobody said a helper was there, which is what the first aid
assumes without the flag.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows it with a constant default): recreating the table would drop SQLite's
    # AUTOINCREMENT from 0003, and a deleted episode's id could then be reused.
    op.add_column("episodes", sa.Column("helper", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # SQLite recreates the table to drop a column: keep its ids never reused (0003).
    with op.batch_alter_table("episodes", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("helper")
