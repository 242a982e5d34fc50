"""privacy requests: a person's export or erasure across the three services, and the export parts collected

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

from services.kit.db_types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create privacy_requests and privacy_export_parts."""
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("requested_by", sa.String(200)),
        sa.Column("email_enc", sa.Text()),
        sa.Column("email_bidx", sa.String(64), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("link_nonce", sa.String(64), nullable=False, unique=True),
        sa.Column("link_expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(timezone=True)),
        sa.Column("leads_done_at", UTCDateTime(timezone=True)),
        sa.Column("newsletter_done_at", UTCDateTime(timezone=True)),
        sa.Column("billing_done_at", UTCDateTime(timezone=True)),
        sa.Column("completed_at", UTCDateTime(timezone=True)),
        sa.Column("download_nonce", sa.String(64), unique=True),
        sa.Column("download_expires_at", UTCDateTime(timezone=True)),
        sa.Column("downloaded_at", UTCDateTime(timezone=True)),
    )
    op.create_index("ix_privacy_requests_bidx", "privacy_requests", ["email_bidx", "created_at"])
    op.create_index("ix_privacy_requests_created", "privacy_requests", ["created_at"])
    op.create_table(
        "privacy_export_parts",
        sa.Column(
            "request_id",
            sa.String(36),
            sa.ForeignKey("privacy_requests.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("service", sa.String(12), primary_key=True),
        sa.Column("data_enc", sa.Text(), nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("privacy_export_parts")
    op.drop_index("ix_privacy_requests_created", "privacy_requests")
    op.drop_index("ix_privacy_requests_bidx", "privacy_requests")
    op.drop_table("privacy_requests")
