"""lead landing pages: the site path a lead's first and latest assessment visits started on

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add leads.first_landing_page and leads.last_landing_page (empty for leads stored before)."""
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_landing_page", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("last_landing_page", sa.String(length=300), nullable=True))


def downgrade() -> None:
    """Drop the landing page columns."""
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("last_landing_page")
        batch_op.drop_column("first_landing_page")
