"""lead records: leads, submissions, consents, idempotency keys, history, alerts, consultations, waitlist, inquiries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 11:11:35.658974
"""
from alembic import op
import sqlalchemy as sa
import services.kit.db_types


revision = "0002"
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('idempotency_keys',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('response_enc', sa.Text(), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_hash')
    )
    op.create_table('leads',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('assessed_outcome', sa.String(length=20), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('county', sa.String(length=60), nullable=True),
    sa.Column('queue_rank', sa.Integer(), nullable=False),
    sa.Column('severity_rank', sa.Integer(), nullable=False),
    sa.Column('safety_status', sa.String(length=12), nullable=False),
    sa.Column('safety_tier', sa.String(length=12), nullable=True),
    sa.Column('safety_flagged_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('safety_cleared_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('safety_cleared_by', sa.String(length=200), nullable=True),
    sa.Column('marketing_hold', sa.Boolean(), nullable=False),
    sa.Column('checkout_cleared_by', sa.String(length=20), nullable=True),
    sa.Column('email_enc', sa.Text(), nullable=True),
    sa.Column('email_bidx', sa.String(length=64), nullable=True),
    sa.Column('phone_enc', sa.Text(), nullable=True),
    sa.Column('phone_bidx', sa.String(length=64), nullable=True),
    sa.Column('name_enc', sa.Text(), nullable=True),
    sa.Column('newsletter_opt_in', sa.Boolean(), nullable=False),
    sa.Column('newsletter_published', sa.Boolean(), nullable=False),
    sa.Column('first_source', sa.String(length=100), nullable=True),
    sa.Column('first_medium', sa.String(length=100), nullable=True),
    sa.Column('first_campaign', sa.String(length=100), nullable=True),
    sa.Column('last_source', sa.String(length=100), nullable=True),
    sa.Column('last_medium', sa.String(length=100), nullable=True),
    sa.Column('last_campaign', sa.String(length=100), nullable=True),
    sa.Column('spam_suspected', sa.Boolean(), nullable=False),
    sa.Column('spam_reasons', sa.String(length=200), nullable=True),
    sa.Column('submission_count', sa.Integer(), nullable=False),
    sa.Column('consultation_requested_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('waitlisted_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('converted_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lost_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('subscription_id', sa.String(length=100), nullable=True),
    sa.Column('revenue_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_submitted_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('erased_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index('ix_leads_created', ['created_at'], unique=False)
        batch_op.create_index('ix_leads_email_bidx', ['email_bidx'], unique=False)
        batch_op.create_index('ix_leads_phone_bidx', ['phone_bidx'], unique=False)
        batch_op.create_index('ix_leads_queue', ['queue_rank', 'severity_rank', 'last_submitted_at'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('submission_id', sa.String(length=36), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('text_version', sa.String(length=60), nullable=False),
    sa.Column('at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=400), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index('ix_consents_lead', ['lead_id'], unique=False)

    op.create_table('consultations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('windows', sa.Text(), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index('ix_consultations_lead', ['lead_id'], unique=False)

    op.create_table('inquiries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('relationship', sa.String(length=20), nullable=False),
    sa.Column('message_enc', sa.Text(), nullable=True),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('lead_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=True),
    sa.Column('note_enc', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lead_history', schema=None) as batch_op:
        batch_op.create_index('ix_lead_history_lead', ['lead_id', 'at'], unique=False)

    op.create_table('safety_alerts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('tier', sa.String(length=12), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=200), nullable=True),
    sa.Column('escalated_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('safety_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_safety_alerts_lead', ['lead_id'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answers_enc', sa.Text(), nullable=True),
    sa.Column('rules_version', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('assessed_outcome', sa.String(length=20), nullable=False),
    sa.Column('safety_flagged', sa.Boolean(), nullable=False),
    sa.Column('safety_tier', sa.String(length=12), nullable=True),
    sa.Column('ip_bidx', sa.String(length=32), nullable=True),
    sa.Column('spam_reasons', sa.String(length=200), nullable=True),
    sa.Column('attribution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index('ix_submissions_ip', ['ip_bidx', 'created_at'], unique=False)
        batch_op.create_index('ix_submissions_lead', ['lead_id', 'created_at'], unique=False)

    op.create_table('waitlist',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('lead_id', sa.String(length=36), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('email_enc', sa.Text(), nullable=True),
    sa.Column('email_bidx', sa.String(length=64), nullable=True),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('waitlist', schema=None) as batch_op:
        batch_op.create_index('ix_waitlist_state', ['state'], unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('waitlist', schema=None) as batch_op:
        batch_op.drop_index('ix_waitlist_state')

    op.drop_table('waitlist')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_lead')
        batch_op.drop_index('ix_submissions_ip')

    op.drop_table('submissions')
    with op.batch_alter_table('safety_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_safety_alerts_lead')

    op.drop_table('safety_alerts')
    with op.batch_alter_table('lead_history', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_history_lead')

    op.drop_table('lead_history')
    op.drop_table('inquiries')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_lead')

    op.drop_table('consultations')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index('ix_consents_lead')

    op.drop_table('consents')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index('ix_leads_queue')
        batch_op.drop_index('ix_leads_phone_bidx')
        batch_op.drop_index('ix_leads_email_bidx')
        batch_op.drop_index('ix_leads_created')

    op.drop_table('leads')
    op.drop_table('idempotency_keys')
