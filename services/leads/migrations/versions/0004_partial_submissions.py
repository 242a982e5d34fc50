"""partial submissions: a submission saved at a safety disclosure is finished later

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import services.kit.db_types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add submissions.completed_at; every earlier submission was complete when stored."""
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE submissions SET completed_at = created_at")


def downgrade() -> None:
    """Drop submissions.completed_at."""
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("completed_at")
