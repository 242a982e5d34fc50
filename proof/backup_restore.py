"""Proof 9: the databases of a system that has just been under load are backed up and restored whole."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from proof.outcome import Outcome
from services.kit.backups import dump, restore
from tests.support.databases import DatabaseFactory


def backup_and_restore(urls: Mapping[str, str], databases: DatabaseFactory) -> Outcome:
    """Dump each database, restore into empty scratch databases, and compare every table's row count."""
    outcome = Outcome("Backup and restore")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="proof-backup-") as folder:
        taken = dump(urls, Path(folder))
        dumped = time.monotonic() - started
        size = sum(path.stat().st_size for path in taken.iterdir())
        scratch = {name: databases.create(f"restored_{name}", migrate=False) for name in urls}
        try:
            found = restore(taken, scratch)
        except SystemExit as exc:
            outcome.check(False, f"the restore failed: {exc}")
            return outcome
    restored = time.monotonic() - started - dumped
    rows = {name: sum(counts.values()) for name, counts in found.items()}
    outcome.figure(
        "databases / tables / rows restored",
        f"{len(found)} / {sum(len(c) for c in found.values())} / {sum(rows.values())}",
    )
    outcome.figure("rows per database", ", ".join(f"{name} {count}" for name, count in rows.items()))
    outcome.figure(
        "backup size / dump time / restore and check time", f"{size / 1024:.0f} KiB / {dumped:.1f} s / {restored:.1f} s"
    )
    outcome.check(rows["leads"] > 0, "the leads database was empty, so the restore proves little")
    outcome.seconds = time.monotonic() - started
    return outcome
