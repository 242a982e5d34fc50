"""CSV imports started from the staff page, run by the worker.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import services.kit.db_types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the subscriber_imports table."""
    op.create_table(
        "subscriber_imports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consent_source", sa.String(length=300), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("already_listed", sa.Integer(), nullable=False),
        sa.Column("not_importable", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subscriber_imports", schema=None) as batch_op:
        batch_op.create_index("ix_subscriber_imports_state", ["state", "id"], unique=False)


def downgrade() -> None:
    """Drop the subscriber_imports table."""
    with op.batch_alter_table("subscriber_imports", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriber_imports_state")
    op.drop_table("subscriber_imports")
