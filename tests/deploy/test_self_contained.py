"""A clone needs nothing beside it: no code reads a sibling folder, and the vendored specs are the ones recorded."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from tests.support.vendor_specs import VENDOR_DIR

ROOT = Path(__file__).resolve().parents[2]
# Folders that are not the project's own code (or not committed at all).
SKIPPED_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache"}
SCANNED_NAMES = {"Makefile", "Procfile", "Dockerfile", "run"}
SCANNED_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".env"}
# Written in pieces so this file does not match itself.
OUTSIDE_READS = re.compile(
    "|".join(
        [
            r"\.\./" + "shared",
            "shared/" + "vendor",
            "SHARED" + "_DIR",
            # A pathlib join onto a folder named shared, as the old tests did.
            r"/\s*[\"']" + "shared" + r"[\"']",
        ]
    )
)
HASH_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|.*\| `(?P<sha>[0-9a-f]{64})` \|$", re.MULTILINE)


def _project_files() -> Iterator[Path]:
    """Yield every code, script and config file of the checkout, without following symlinks."""
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            path = Path(folder) / name
            if name in SCANNED_NAMES or path.suffix in SCANNED_SUFFIXES:
                yield path


def test_the_scan_sees_the_code_that_used_to_read_outside_the_checkout() -> None:
    """The scan covers the tests, stand-ins, services and the Makefile, so a clean result means something."""
    scanned = {path.relative_to(ROOT).as_posix() for path in _project_files()}
    assert {
        "Makefile",
        "tests/deploy/test_compose.py",
        "tests/standins/sendgrid/conftest.py",
        "tests/standins/stripe/test_stripe_standin_shapes.py",
        "services/kit/config.py",
    } <= scanned


def test_the_pattern_catches_each_way_of_reading_the_sibling_folder() -> None:
    """Relative paths, the vendor folder, the old environment variable and a pathlib join are all caught."""
    samples = [
        "open('../" + "shared/x.json')",
        "Path('shared/" + "vendor/stripe')",
        "os.environ['SHARED" + "_DIR']",
        'ROOT.parent / "' + 'shared" / "vendor"',
    ]
    assert all(OUTSIDE_READS.search(sample) for sample in samples)
    assert not OUTSIDE_READS.search('"""The shared toolkit: settings, database."""')


def test_no_file_of_the_project_reads_a_folder_beside_the_checkout() -> None:
    """Nothing reads the sibling shared folder; the provider documents tests use are under tests/fixtures/vendor."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _project_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if OUTSIDE_READS.search(line)
    ]
    assert offenders == []


def test_every_vendored_file_is_recorded_in_the_provenance_with_its_hash() -> None:
    """PROVENANCE.md lists each committed provider file, and its SHA-256 matches the bytes committed."""
    recorded = {m["file"]: m["sha"] for m in HASH_ROW.finditer((VENDOR_DIR / "PROVENANCE.md").read_text())}
    committed = {
        path.relative_to(VENDOR_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in VENDOR_DIR.rglob("*.json")
    }
    assert committed and recorded == committed
