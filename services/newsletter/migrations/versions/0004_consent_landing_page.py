"""consent landing page: the site path a sign-up form was sent from

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add consents.landing_page (empty for the consents recorded before)."""
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("landing_page", sa.String(length=300), nullable=True))


def downgrade() -> None:
    """Drop consents.landing_page."""
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_column("landing_page")
