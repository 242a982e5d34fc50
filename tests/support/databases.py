"""Test databases: a fresh PostgreSQL database per service when a server is there, SQLite otherwise."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from services.kit.migrate import upgrade

DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test"


def postgres_base_url() -> str | None:
    """Return the PostgreSQL server to test against, or None to use SQLite."""
    if os.environ.get("TEST_DB") == "sqlite":
        return None
    url = os.environ.get("DATABASE_URL") or DEFAULT_PG
    if not url.startswith("postgres"):
        return None
    try:
        psycopg.connect(_plain(url), connect_timeout=2).close()
    except psycopg.Error:
        if os.environ.get("DATABASE_URL") or os.environ.get("CI"):
            raise  # CI and an explicit URL must test PostgreSQL, never silently fall back
        return None
    return url


def _plain(url: str) -> str:
    """Strip a SQLAlchemy driver suffix so psycopg accepts the URL."""
    return url.replace("postgresql+psycopg://", "postgresql://")


class DatabaseFactory:
    """Create migrated databases for services and drop them afterwards."""

    def __init__(self, tmp_dir: Path):
        self.pg = postgres_base_url()
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    @property
    def kind(self) -> str:
        """Name the database engine in use."""
        return "postgresql" if self.pg else "sqlite"

    def create(self, service: str, *, migrate: bool = True) -> str:
        """Return the URL of a new empty database for `service`, migrated to head."""
        name = f"t_{service}_{uuid.uuid4().hex[:10]}"
        if self.pg:
            with psycopg.connect(_plain(self.pg), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            self.created.append(name)
            url = make_url(_plain(self.pg)).set(database=name).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{self.tmp_dir / name}.db"
        if migrate:
            upgrade(service, url)
        return url

    def drop_all(self) -> None:
        """Drop every PostgreSQL database this factory made."""
        if not self.pg:
            return
        with psycopg.connect(_plain(self.pg), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
