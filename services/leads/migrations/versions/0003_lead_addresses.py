"""lead addresses: every email a lead used, with its marketing hold state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 12:45:00.000000
"""
import uuid

from alembic import op
import sqlalchemy as sa
import services.kit.db_types


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision, seeding each lead's current address with its current hold."""
    table = op.create_table('lead_addresses',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('email_enc', sa.Text(), nullable=False),
    sa.Column('email_bidx', sa.String(length=64), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('pending_event_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lead_addresses', schema=None) as batch_op:
        batch_op.create_index('ix_lead_addresses_lead', ['lead_id'], unique=False)

    leads = sa.table(
        'leads',
        sa.column('id', sa.String),
        sa.column('email_enc', sa.Text),
        sa.column('email_bidx', sa.String),
        sa.column('marketing_hold', sa.Boolean),
        sa.column('created_at', services.kit.db_types.UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    found = bind.execute(
        sa.select(leads).where(leads.c.email_enc.is_not(None), leads.c.email_bidx.is_not(None))
    ).all()
    # The ciphertext is copied as is: both columns seal under the "leads.email" context.
    rows = [
        {
            'id': str(uuid.uuid4()),
            'lead_id': r.id,
            'email_enc': r.email_enc,
            'email_bidx': r.email_bidx,
            'held': bool(r.marketing_hold),
            'pending_event_id': None,
            'created_at': r.created_at,
        }
        for r in found
    ]
    for start in range(0, len(rows), 1000):
        op.bulk_insert(table, rows[start:start + 1000])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('lead_addresses', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_addresses_lead')

    op.drop_table('lead_addresses')
