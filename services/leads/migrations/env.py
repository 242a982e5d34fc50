"""Alembic environment of the leads service."""

from services.kit.migrations_env import run_migrations
from services.leads.tables import metadata

run_migrations(metadata)
