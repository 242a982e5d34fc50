"""A PostgreSQL cluster and a Redis server of the proof's own, on free ports, that it may restart or stop."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from tests.support.servers import free_port


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL server's programs (initdb, pg_ctl)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("no PostgreSQL server installed: apt-get install postgresql")
    return found[-1].parent


PG_BIN = postgres_bin() if Path("/usr/lib/postgresql").exists() else Path("/usr/lib/postgresql/15/bin")
# initdb and postgres refuse to run as root; the cluster belongs to the postgres system user.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"]


@dataclass
class OwnPostgres:
    """A throwaway cluster in a temporary folder; `url` is its `postgres` database as the root role."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        """The maintenance database's URL (trust authentication on loopback)."""
        return f"postgresql://root@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        """Run pg_ctl on the cluster as the postgres user."""
        subprocess.run(
            [*AS_POSTGRES, str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-t", "60", *args],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        """Start the cluster and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off"
        self._ctl("-l", str(self.folder / "server.log"), "-o", options, "start")

    def stop(self) -> None:
        """Stop the cluster at once, disconnecting every session (as a crash or failover would)."""
        self._ctl("-m", "fast", "stop")

    def restart(self) -> float:
        """Stop and start the cluster; return how long it could not be reached, in seconds."""
        began = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - began


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """Create, start, and finally stop and remove a cluster of the proof's own."""
    folder = Path(tempfile.mkdtemp(prefix="proof-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    cluster = OwnPostgres(folder, free_port())
    subprocess.run(
        [*AS_POSTGRES, str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-U", "root", "-A", "trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    cluster.start()
    try:
        psycopg.connect(cluster.url, connect_timeout=5).close()
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the proof
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class OwnRedis:
    """A redis-server of the proof's own, without persistence."""

    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Its URL for REDIS_URL."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait for PONG."""
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("the proof's own redis-server did not start")

    def stop(self) -> None:
        """Stop the server (its own process only)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@contextmanager
def own_redis() -> Iterator[OwnRedis]:
    """Start a redis-server on a free port; stop it at the end."""
    server = OwnRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
