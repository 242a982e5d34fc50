"""invoice discounts and decline reasons

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Keep what promotion codes took off each invoice, and the bank's reason for its latest decline."""
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount_discount", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("last_decline_code", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Drop the invoices' discount amount and decline reason."""
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("last_decline_code")
        batch_op.drop_column("amount_discount")
