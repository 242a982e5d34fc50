"""A migrated PostgreSQL database made for one benchmark run and dropped after it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

from services.kit.migrate import upgrade

DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test"


@dataclass(frozen=True)
class ScratchDatabase:
    """Where the scratch database lives: the server's URL, the database's own URL and its name."""

    server: str
    url: str
    name: str

    def sessions_opened(self) -> int:
        """How many connections PostgreSQL has accepted for the database (a pool that churns opens many)."""
        with psycopg.connect(self.server, autocommit=True) as conn:
            row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (self.name,)).fetchone()
        return int(row[0]) if row else 0


def postgres_server() -> str:
    """The PostgreSQL server to benchmark on (DATABASE_URL), as a URL psycopg accepts."""
    return (os.environ.get("DATABASE_URL") or DEFAULT_PG).replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def scratch_database(service: str, prefix: str) -> Iterator[ScratchDatabase]:
    """Create a database named `prefix_<random>` migrated for `service`; drop it when the block ends."""
    server = postgres_server()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise RuntimeError(f"the {service} benchmark needs PostgreSQL (DATABASE_URL): {exc}") from exc
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        upgrade(service, url)
        yield ScratchDatabase(server, url, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
