"""Alembic environment of the newsletter service."""

from services.kit.migrations_env import run_migrations
from services.newsletter.tables import metadata

run_migrations(metadata)
