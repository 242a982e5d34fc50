"""Alembic environment of the billing service."""
from services.kit.migrations_env import run_migrations
from services.billing.tables import metadata

run_migrations(metadata)
