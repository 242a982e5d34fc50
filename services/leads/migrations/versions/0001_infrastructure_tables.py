"""infrastructure tables

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
from services.kit.infra_migration import create_infra_tables, drop_infra_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the outbox, inbox, heartbeat and audit tables."""
    create_infra_tables()


def downgrade() -> None:
    """Drop them."""
    drop_infra_tables()
