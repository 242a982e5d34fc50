"""consent document versions: a terms consent names the Terms and Privacy Policy versions it accepted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Widen consents.text_version to hold the document versions beside the text's own."""
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.alter_column("text_version", existing_type=sa.String(length=60), type_=sa.String(length=200))


def downgrade() -> None:
    """Narrow consents.text_version back (longer values are cut to fit)."""
    op.execute("UPDATE consents SET text_version = substr(text_version, 1, 60)")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.alter_column("text_version", existing_type=sa.String(length=200), type_=sa.String(length=60))
