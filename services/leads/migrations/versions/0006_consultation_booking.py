"""consultation booking: the booked time, the invite's sequence, cancellation, change requests, reminders

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

import services.kit.db_types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STAMPS = ("starts_at", "ends_at", "scheduled_at", "cancelled_at", "change_requested_at", "reminder_queued_at")


def upgrade() -> None:
    """Add the booking columns to consultations (existing requests stay "requested", sequence 0)."""
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        for name in STAMPS[:2]:
            batch_op.add_column(sa.Column(name, services.kit.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("proposed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("scheduled_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("scheduled_by", sa.String(length=200), nullable=True))
        for name in STAMPS[3:]:
            batch_op.add_column(sa.Column(name, services.kit.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_consultations_due", ["status", "starts_at"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_due")
        for name in (*STAMPS, "sequence", "proposed", "scheduled_by"):
            batch_op.drop_column(name)
