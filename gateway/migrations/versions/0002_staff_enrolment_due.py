"""staff accounts that must set up an authenticator app at their next sign-in

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the flag an invitation or a TOTP reset sets."""
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("enrolment_due", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("enrolment_due")
