"""collected payments: each paid invoice and refund billing reports, for the funnel's revenue

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

import services.kit.db_types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the collected_payments table."""
    op.create_table(
        "collected_payments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("lead_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("at", services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("collected_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collected_payments_lead_id"), ["lead_id"], unique=False)


def downgrade() -> None:
    """Drop the collected_payments table."""
    with op.batch_alter_table("collected_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collected_payments_lead_id"))
    op.drop_table("collected_payments")
