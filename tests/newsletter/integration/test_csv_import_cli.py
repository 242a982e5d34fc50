"""The CSV import command: progress on the terminal, a report of rejected rows, nothing imported twice."""

from __future__ import annotations

import csv
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.tables import subscribers
from tests.support.servers import ROOT


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the import command with the service's environment."""
    return subprocess.run(
        [sys.executable, "-m", "services.newsletter.subscriber_admin.import_cli", *args],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_shows_progress_reports_rejects_and_skips_known_addresses(
    service_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """1,200 good rows and 3 bad ones: a progress bar, 1,200 imported, the bad lines listed; a rerun imports nothing."""
    env = service_env("newsletter")
    run = uuid.uuid4().hex[:6]
    source = tmp_path / "list.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "first_name", "topics"])
        for i in range(1200):
            writer.writerow([f"imp{i}-{run}@example.com", f"N{i}", "postpartum" if i % 2 else ""])
        writer.writerow(["not-an-address", "", ""])
        writer.writerow([f"imp1-{run}@example.com", "", ""])
        writer.writerow([f"x-{run}@example.com", "", "astrology"])
    rejects = tmp_path / "rejects.csv"
    first = _run(
        env,
        str(source),
        "--status",
        "confirmed",
        "--consent-text-version",
        "legacy-form-2025",
        "--rejects",
        str(rejects),
    )
    assert first.returncode == 1, first.stderr
    assert "100%" in first.stderr and "1,203 / 1,203 rows" in first.stderr
    assert "imported 1200" in first.stdout and "rejected 3" in first.stdout
    assert "line 1202: invalid email" in first.stdout and "duplicate of line" in first.stdout
    assert len(list(csv.DictReader(rejects.open()))) == 3
    nl = parts_of(build_container(env))
    with nl.db.transaction() as session:
        assert (
            session.execute(
                select(func.count()).select_from(subscribers).where(subscribers.c.status == "confirmed")
            ).scalar()
            == 1200
        )
    nl.db.dispose()
    second = _run(env, str(source), "--status", "confirmed", "--consent-text-version", "legacy-form-2025")
    assert "imported 0, already on the list 1200" in second.stdout


def test_confirmed_import_without_consent_wording_is_refused(
    service_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """Marking people confirmed needs the consent wording they agreed to elsewhere."""
    source = tmp_path / "list.csv"
    source.write_text("email\na@example.com\n")
    answer = _run(service_env("newsletter"), str(source), "--status", "confirmed")
    assert answer.returncode == 2 and "consent-text-version" in answer.stderr


def test_columns_named_otherwise_are_mapped_as_on_the_import_page(
    service_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """--column email=E-mail --column "first_name=Given name" reads the same file the page can map."""
    env = service_env("newsletter")
    run = uuid.uuid4().hex[:6]
    source = tmp_path / "fair.csv"
    source.write_text(f"Given name,E-mail\nAna,ana-{run}@example.com\nBo,bo-{run}@example.com\n")
    unmapped = _run(env, str(source))
    assert unmapped.returncode == 2 and "no email column" in unmapped.stderr
    mapped = _run(env, str(source), "--column", "email=E-mail", "--column", "first_name=Given name")
    assert mapped.returncode == 0 and "imported 2" in mapped.stdout, mapped.stderr
    nl = parts_of(build_container(env))
    with nl.db.transaction() as session:
        name = session.execute(
            select(subscribers.c.first_name).where(subscribers.c.email == f"ana-{run}@example.com")
        ).scalar_one()
    nl.db.dispose()
    assert name == "Ana"
    wrong = _run(env, str(source), "--column", "phone=Tel")
    assert wrong.returncode == 2 and "--column takes FIELD=HEADER" in wrong.stderr
