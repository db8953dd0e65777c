"""Store each episode's diary day and local hour, so that `stats` can aggregate in SQL.

Revision ID: 0002
Revises: 0001

Existing episodes are backfilled from `local_start` with the same day rule the
application uses (`timeutil.diary_day`), in Python, so both backends get
identical values; then the columns become NOT NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crampcare.diary.timeutil import diary_day

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5000

episodes = sa.table(
    "episodes",
    sa.column("id", sa.Integer),
    sa.column("local_start", sa.DateTime),
    sa.column("diary_day", sa.Date),
    sa.column("local_hour", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.add_column(sa.Column("diary_day", sa.Date, nullable=True))
        batch.add_column(sa.Column("local_hour", sa.Integer, nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table("episodes") as batch:
        batch.alter_column("diary_day", existing_type=sa.Date, nullable=False)
        batch.alter_column("local_hour", existing_type=sa.Integer, nullable=False)
    op.create_index("ix_episodes_diary_day", "episodes", ["diary_day"])


def _backfill(connection: sa.Connection) -> None:
    rows = connection.execute(sa.select(episodes.c.id, episodes.c.local_start)).all()
    update = (
        episodes.update()
        .where(episodes.c.id == sa.bindparam("row_id"))
        .values(diary_day=sa.bindparam("day"), local_hour=sa.bindparam("hour"))
    )
    values = [{"row_id": row_id, "day": diary_day(start), "hour": start.hour} for row_id, start in rows]
    for first in range(0, len(values), BATCH):
        connection.execute(update, values[first : first + BATCH])


def downgrade() -> None:
    op.drop_index("ix_episodes_diary_day", "episodes")
    with op.batch_alter_table("episodes") as batch:
        batch.drop_column("local_hour")
        batch.drop_column("diary_day")
