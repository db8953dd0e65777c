"""CDS Hooks feedback in the database (issue 14): the cards issued and the feedback on them.

Revision ID: 0006
Revises: 0005

`cds_cards` remembers each card a CDS service handed out (uuid, service, kind) so that feedback, which names only
the card's uuid, can be counted per card kind; `cds_feedback` keeps every feedback item (outcome, accepted
suggestions, override reason, comment, when). Ids are never reused, as in every table since 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cds_cards",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("issued_utc", sa.DateTime, nullable=False),
    )
    op.create_table(
        "cds_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card", sa.String(36), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("accepted_suggestions", sa.JSON, nullable=False),
        sa.Column("override_system", sa.Text, nullable=True),
        sa.Column("override_code", sa.Text, nullable=True),
        sa.Column("override_display", sa.Text, nullable=True),
        sa.Column("user_comment", sa.Text, nullable=True),
        sa.Column("outcome_utc", sa.DateTime, nullable=False),
        sa.Column("received_utc", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_cds_feedback_card", "cds_feedback", ["card"])
    op.create_index("ix_cds_feedback_service", "cds_feedback", ["service"])


def downgrade() -> None:
    op.drop_index("ix_cds_feedback_service", "cds_feedback")
    op.drop_index("ix_cds_feedback_card", "cds_feedback")
    op.drop_table("cds_feedback")
    op.drop_table("cds_cards")
