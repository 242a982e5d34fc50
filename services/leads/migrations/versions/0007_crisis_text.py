"""crisis text: the safety tier an inquiry's message was screened to, and the intake team's digest queue

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 06:40:00.000000
"""

from alembic import op
import sqlalchemy as sa
import services.kit.db_types


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("safety_tier", sa.String(length=12), nullable=True))

    op.create_table(
        "intake_notices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("lead_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("created_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intake_notices", schema=None) as batch_op:
        batch_op.create_index("ix_intake_notices_unsent", ["sent_at", "created_at"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("intake_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_intake_notices_unsent")

    op.drop_table("intake_notices")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_column("safety_tier")
