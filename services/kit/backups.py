"""Back up and restore every database: `python -m services.kit.backups dump|restore` (see README, "Backups").

PostgreSQL databases go through pg_dump's custom format and pg_restore; SQLite ones through SQLite's
online backup. Each backup folder holds a manifest with the row count of every table, and a restore
checks the restored databases against it, so a backup that cannot be read back is found at once.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from services.kit.db import make_engine, normalise_url
from services.kit.migrate import settings_url

DATABASES = ("leads", "billing", "newsletter", "gateway")
MANIFEST = "manifest.json"


def libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    """Tell whether `url` names a SQLite database."""
    return normalise_url(url).startswith("sqlite")


def sqlite_path(url: str) -> str:
    """The file of a SQLite URL."""
    return str(make_url(url).database)


def row_counts(url: str) -> dict[str, int]:
    """Count the rows of every table in the database at `url`."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return {
                name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one()) for name in names
            }
    finally:
        engine.dispose()


def dump_one(name: str, url: str, folder: Path) -> dict[str, object]:
    """Write one database into `folder`; return its manifest entry."""
    if is_sqlite(url):
        if not Path(sqlite_path(url)).is_file():
            sys.exit(f"there is no {name} database at {sqlite_path(url)}: run `make migrate` first")
        target = folder / f"{name}.sqlite3"
        with sqlite3.connect(sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        target.chmod(0o600)
        return {"file": target.name, "kind": "sqlite", "rows": row_counts(f"sqlite:///{target}")}
    target = folder / f"{name}.dump"
    # The counts and the dump read one exported snapshot, so a database in use still gets a manifest
    # that matches its dump exactly.
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        rows = snapshot_row_counts(conn)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            + ["--file", str(target), libpq_url(url)],
            check=True,
        )
        conn.rollback()
    target.chmod(0o600)
    return {"file": target.name, "kind": "postgresql", "rows": rows}


def snapshot_row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Count the rows of every table in the public schema, inside the connection's open transaction."""
    names = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    counts = {}
    for name in names:
        found = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone()
        counts[name] = int(found[0]) if found else 0
    return counts


def dump(urls: Mapping[str, str], root: Path, *, now: datetime | None = None) -> Path:
    """Back up each named database into a new folder `root/<UTC timestamp>/`; return that folder."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = root / stamp
    # Backups hold personal and health data: only the owner may read them.
    folder.mkdir(parents=True, mode=0o700)
    entries = {name: dump_one(name, url, folder) for name, url in urls.items()}
    manifest = {"taken_at": stamp, "databases": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return folder


def restore_one(entry: Mapping[str, object], folder: Path, url: str) -> None:
    """Load one backed-up database into the (new or replaced) database at `url`."""
    source = folder / str(entry["file"])
    if entry["kind"] == "sqlite":
        path = Path(sqlite_path(url))
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as backup, sqlite3.connect(path) as target:
            backup.backup(target)
        return
    if is_sqlite(url):
        raise SystemExit(f"{source.name} is a PostgreSQL backup; restore it into a PostgreSQL database")
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            libpq_url(url),
            str(source),
        ],
        check=True,
    )


def restore(folder: Path, urls: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """Restore the named databases from `folder` and check every table's row count; return the counts found."""
    manifest = json.loads((folder / MANIFEST).read_text())
    entries = manifest["databases"]
    unknown = set(urls) - set(entries)
    if unknown:
        raise SystemExit(f"{folder} holds no backup of {', '.join(sorted(unknown))}")
    found: dict[str, dict[str, int]] = {}
    for name, url in urls.items():
        restore_one(entries[name], folder, url)
        found[name] = row_counts(url)
        if found[name] != entries[name]["rows"]:
            raise SystemExit(f"{name}: restored rows {found[name]} differ from the backup's {entries[name]['rows']}")
    return found


def configured_urls(names: Sequence[str], env: Mapping[str, str]) -> dict[str, str]:
    """The database URL each named service is configured with."""
    return {name: settings_url(name, env) for name in names}


def parse_targets(pairs: Sequence[str]) -> dict[str, str]:
    """Read `name=URL` pairs given on the command line."""
    targets = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not sep or name not in DATABASES:
            raise SystemExit(f"--into takes NAME=URL with NAME one of {', '.join(DATABASES)}; got {pair!r}")
        targets[name] = url
    return targets


def require_postgres_tools(urls: Iterable[str]) -> None:
    """Stop with the install command when PostgreSQL databases are named but its client tools are missing."""
    if any(not is_sqlite(url) for url in urls) and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        sys.exit("pg_dump and pg_restore are needed: apt-get install postgresql-client")


def main(argv: Sequence[str] | None = None) -> None:
    """Dump every database into var/backups/<ts>/, or restore a backup folder into given databases."""
    parser = argparse.ArgumentParser(prog="python -m services.kit.backups", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="back up every database")
    dumping.add_argument("--to", type=Path, default=Path("var/backups"), help="folder for the timestamped backups")
    restoring = commands.add_parser("restore", help="restore a backup folder")
    restoring.add_argument("folder", type=Path, help="a folder written by dump")
    restoring.add_argument(
        "--into", action="append", default=[], metavar="NAME=URL", help="target database (default: configured ones)"
    )
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.command == "dump":
        urls = configured_urls(DATABASES, env)
        require_postgres_tools(urls.values())
        folder = dump(urls, args.to)
        print(f"backed up {', '.join(DATABASES)} into {folder}")
        return
    targets = parse_targets(args.into) or configured_urls(DATABASES, env)
    require_postgres_tools(targets.values())
    found = restore(args.folder, targets)
    for name, counts in found.items():
        print(f"restored {name}: {len(counts)} tables, {sum(counts.values())} rows, as in the backup")


if __name__ == "__main__":
    main()
