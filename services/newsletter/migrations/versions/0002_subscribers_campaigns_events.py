"""Subscribers, consent, holds and suppressions; campaigns, batches and recipients; SendGrid events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 11:11:43.378676
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
    op.create_table('campaigns',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('preheader', sa.String(length=200), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('send_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_campaigns_state', ['state', 'send_at'], unique=False)

    op.create_table('marketing_holds',
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('held_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email_hash')
    )
    op.create_table('send_clock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('next_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sendgrid_events',
    sa.Column('sg_event_id', sa.String(length=100), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=True),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('recipient_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('bounce_type', sa.String(length=16), nullable=True),
    sa.Column('machine_open', sa.Boolean(), nullable=False),
    sa.Column('occurred_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('received_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('processed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('sg_event_id')
    )
    with op.batch_alter_table('sendgrid_events', schema=None) as batch_op:
        batch_op.create_index('ix_sendgrid_events_campaign', ['campaign_id', 'event'], unique=False)
        batch_op.create_index('ix_sendgrid_events_unprocessed', ['processed'], unique=False)

    op.create_table('subscribers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('confirm_nonce', sa.String(length=32), nullable=True),
    sa.Column('signup_mails_day', sa.String(length=10), nullable=True),
    sa.Column('signup_mails_sent', sa.Integer(), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('unsubscribed_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email_hash')
    )
    with op.batch_alter_table('subscribers', schema=None) as batch_op:
        batch_op.create_index('ix_subscribers_status', ['status', 'created_at'], unique=False)

    op.create_table('suppressions',
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('created_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email_hash')
    )
    op.create_table('campaign_batches',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('batch_no', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('uncertain', sa.Boolean(), nullable=False),
    sa.Column('available_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('claimed_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=100), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'batch_no', name='uq_campaign_batches_no')
    )
    with op.batch_alter_table('campaign_batches', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_batches_ready', ['state', 'available_at'], unique=False)

    op.create_table('campaign_recipients',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('batch_no', sa.Integer(), nullable=False),
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('updated_at', services.kit.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'subscriber_id', name='uq_campaign_recipients_subscriber')
    )
    with op.batch_alter_table('campaign_recipients', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_recipients_batch', ['campaign_id', 'batch_no'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', services.kit.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.Column('text_version', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_subscriber_id'), ['subscriber_id'], unique=False)

    op.create_table('subscriber_topics',
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subscriber_id', 'topic')
    )
    with op.batch_alter_table('subscriber_topics', schema=None) as batch_op:
        batch_op.create_index('ix_subscriber_topics_topic', ['topic'], unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('subscriber_topics', schema=None) as batch_op:
        batch_op.drop_index('ix_subscriber_topics_topic')

    op.drop_table('subscriber_topics')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_subscriber_id'))

    op.drop_table('consents')
    with op.batch_alter_table('campaign_recipients', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_recipients_batch')

    op.drop_table('campaign_recipients')
    with op.batch_alter_table('campaign_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_batches_ready')

    op.drop_table('campaign_batches')
    op.drop_table('suppressions')
    with op.batch_alter_table('subscribers', schema=None) as batch_op:
        batch_op.drop_index('ix_subscribers_status')

    op.drop_table('subscribers')
    with op.batch_alter_table('sendgrid_events', schema=None) as batch_op:
        batch_op.drop_index('ix_sendgrid_events_unprocessed')
        batch_op.drop_index('ix_sendgrid_events_campaign')

    op.drop_table('sendgrid_events')
    op.drop_table('send_clock')
    op.drop_table('marketing_holds')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index('ix_campaigns_state')

    op.drop_table('campaigns')
