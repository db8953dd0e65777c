"""CDS Hooks feedback: each card's outcome is kept once (a repeat of the same report is not a second one).

Revision ID: 0008
Revises: 0007

An EHR may send a card's feedback again (a retry after an answer it did not get); counting it twice made a card
look overridden more often than it was. Reports already stored twice keep their first row (the earliest id);
a unique index on (service, card, outcome) then keeps it so. The same card overridden and later accepted is
two outcomes and keeps both.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "uq_cds_feedback_card_outcome"


def upgrade() -> None:
    op.execute(
        "DELETE FROM cds_feedback WHERE id NOT IN (SELECT MIN(id) FROM cds_feedback GROUP BY service, card, outcome)"
    )
    op.create_index(INDEX, "cds_feedback", ["service", "card", "outcome"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, "cds_feedback")
