"""Alembic environment of the billing service."""

from services.billing.tables import metadata
from services.kit.migrations_env import run_migrations

run_migrations(metadata)
