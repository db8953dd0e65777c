"""Store two warning signs seen with an episode: the calf or leg swelled, the leg muscles were weak (issue 12 §6).

Revision ID: 0007
Revises: 0006

Episodes logged before this revision get false for both: nobody said either was there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("swelling", "weakness")


def upgrade() -> None:
    # Plain ADD COLUMNs (as 0005): recreating the table would drop SQLite's AUTOINCREMENT from 0003.
    for name in COLUMNS:
        op.add_column("episodes", sa.Column(name, sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # SQLite recreates the table to drop a column: keep its ids never reused (0003).
    with op.batch_alter_table("episodes", table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
