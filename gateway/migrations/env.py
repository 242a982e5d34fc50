"""Alembic environment of the gateway (staff accounts and its audit log)."""

from gateway.staff.tables import metadata
from services.kit.migrations_env import run_migrations

run_migrations(metadata)
