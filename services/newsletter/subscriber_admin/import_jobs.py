"""CSV imports from the staff page: upload, map columns, then the worker imports while the page shows progress.

The worker runs the same parser and chunked import as the command-line import, in a thread of its own,
and writes the row count after every chunk so the page can poll it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, insert, or_, select, update
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.subscriber_admin.importing import ImportOptions, import_rows
from services.newsletter.subscriber_domain.csv_import import CsvHeaderError, parse_subscriber_csv, read_header
from services.newsletter.tables import subscriber_imports as imports

log = logging.getLogger(__name__)
# Our fields a column can fill, with their labels; email is the one that must be mapped.
IMPORT_FIELDS = {"email": "Email address", "first_name": "First name", "topics": "Topics (separated by ;)"}
STATUSES = {
    "pending": "Ask each person to confirm by email (double opt-in)",
    "confirmed": "They already agreed to receive the newsletter elsewhere: add them as confirmed",
}
MAX_CONSENT_SOURCE = 300
# A running import not finished after this long lost its worker (10,000 rows take about ten seconds).
ABANDONED = timedelta(minutes=30)
MAX_FILENAME = 200


class ImportRefused(ValueError):
    """An import cannot be created or started as asked; ``errors`` maps form fields to messages."""

    def __init__(self, errors: dict[str, list[str]], status: int = 422) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors
        self.status = status


@dataclass(frozen=True)
class Upload:
    """What the upload form sends: the file's name and text, the consent source and the start status."""

    filename: str
    content: bytes
    consent_source: str
    status: str


def _text(content: bytes) -> str:
    """Decode the file as UTF-8 (a byte-order mark allowed); raise ImportRefused otherwise."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            {"file": ["The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."]}
        ) from None


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Suggest a column for each field from the header's names (email, e-mail, first name, …)."""
    aliases = {
        "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
        "first_name": ("first_name", "first name", "firstname", "given name"),
        "topics": ("topics", "topic", "interests"),
    }
    lowered = {c.lower(): c for c in columns}
    mapping: dict[str, str] = {}
    for field, names in aliases.items():
        match = next((lowered[name] for name in names if name in lowered), None)
        if match is not None:
            mapping[field] = match
    return mapping


def create_upload(session: Session, upload: Upload, author: str) -> int:
    """Store an uploaded file awaiting its column mapping; return the import's id or raise ImportRefused."""
    errors: dict[str, list[str]] = {}
    source = upload.consent_source.strip()
    if not source:
        errors["consent_source"] = ["Say where and how these people agreed to hear from the clinic."]
    elif len(source) > MAX_CONSENT_SOURCE:
        errors["consent_source"] = [f"Keep the consent source under {MAX_CONSENT_SOURCE} characters."]
    if upload.status not in STATUSES:
        errors["status"] = ["Choose whether people confirm by email or are added as confirmed."]
    if not upload.content:
        errors["file"] = ["Choose a CSV file to upload."]
    if errors:
        raise ImportRefused(errors)
    text = _text(upload.content)
    try:
        columns = read_header(text.splitlines()[0] if text.strip() else "")
    except CsvHeaderError:
        raise ImportRefused({"file": ["The file is empty: it needs a header row naming its columns."]}) from None
    now = utcnow()
    result = session.execute(
        insert(imports).values(
            state="mapping",
            filename=(upload.filename or "upload.csv")[:MAX_FILENAME],
            content=text,
            columns=json.dumps(columns),
            status=upload.status,
            consent_source=source,
            total_rows=0,
            processed_rows=0,
            imported=0,
            already_listed=0,
            not_importable=0,
            created_by=author,
            created_at=now,
        )
    )
    return int(cast(CursorResult[Any], result).inserted_primary_key[0])


def load(session: Session, import_id: int) -> Any:
    """Return the import row or raise a 404 ImportRefused."""
    row = session.execute(select(imports).where(imports.c.id == import_id)).first()
    if row is None:
        raise ImportRefused({"import": ["There is no such import."]}, status=404)
    return row


def start(session: Session, import_id: int, mapping: dict[str, str]) -> None:
    """Check the mapping against the file's columns and queue the import for the worker."""
    row = load(session, import_id)
    if row.state != "mapping":
        raise ImportRefused({"import": ["This import has already started."]}, status=409)
    columns = json.loads(row.columns)
    chosen = {field: name for field, name in mapping.items() if name}
    errors: dict[str, list[str]] = {}
    unknown = [f for f in chosen if f not in IMPORT_FIELDS]
    if unknown:
        errors["mapping"] = ["Only email, first name and topics can be imported."]
    if "email" not in chosen:
        errors["email"] = ["Choose the column that holds the email addresses."]
    for field, name in chosen.items():
        if name not in columns:
            errors[field] = [f"The file has no column named “{name}”."]
    if len(set(chosen.values())) < len(chosen):
        errors["mapping"] = ["Each column can fill only one field."]
    if errors:
        raise ImportRefused(errors)
    total = max(sum(1 for cells in csv.reader(io.StringIO(row.content)) if any(c.strip() for c in cells)) - 1, 0)
    session.execute(
        update(imports)
        .where(imports.c.id == import_id, imports.c.state == "mapping")
        .values(state="queued", mapping=json.dumps(chosen), total_rows=total)
    )


def _claim(nl: Newsletter) -> Any:
    """Move the oldest queued import (or one whose worker died) to running and return it; None when idle.

    Running an import again is safe: people already on the list are left as they are.
    """
    now = utcnow()
    ready = or_(imports.c.state == "queued", and_(imports.c.state == "running", imports.c.started_at < now - ABANDONED))
    with nl.db.transaction() as session:
        row = session.execute(select(imports).where(ready).order_by(imports.c.id).limit(1)).first()
        if row is None:
            return None
        claimed = session.execute(
            update(imports)
            .where(
                imports.c.id == row.id,
                imports.c.state == row.state,
                imports.c.started_at.is_not_distinct_from(row.started_at),
            )
            .values(state="running", started_at=now, processed_rows=0)
        )
        return row if cast(CursorResult[Any], claimed).rowcount == 1 else None


class ImportStopped(Exception):
    """The worker is stopping: the import goes back in the queue for the next worker."""


def run_import(nl: Newsletter, row: Any, stopping: threading.Event | None = None) -> None:
    """Import one claimed file chunk by chunk, writing progress as it goes, then its report."""
    done = 0

    def progress(rows: int) -> None:
        nonlocal done
        done += rows
        with nl.db.transaction() as session:
            session.execute(update(imports).where(imports.c.id == row.id).values(processed_rows=done))
        if stopping is not None and stopping.is_set():
            raise ImportStopped

    options = ImportOptions(row.status, nl.settings.consent_text_version, consent_source=f"import-{row.id}")
    try:
        parsed = parse_subscriber_csv(io.StringIO(row.content, newline=""), mapping=json.loads(row.mapping))
        report = import_rows(nl, parsed, options, progress)
    except ImportStopped:
        # Running it again later is safe: the rows already stored count as already on the list.
        _finish(nl, row.id, state="queued", started_at=None, processed_rows=0)
        return
    except Exception as exc:  # noqa: BLE001 - any failure must end the import visibly, never leave it running
        log.exception("subscriber import failed", extra={"import_id": row.id})
        message = str(exc) if isinstance(exc, CsvHeaderError) else "The import stopped on an unexpected error."
        _finish(nl, row.id, state="failed", error=message, finished_at=utcnow())
        return
    rejected = [{"line": r.line, "reason": r.reason, "email": r.email} for r in report.rejected]
    _finish(
        nl,
        row.id,
        state="done",
        processed_rows=done,
        imported=report.imported,
        already_listed=report.already_listed,
        not_importable=report.not_importable,
        rejected=json.dumps(rejected),
        finished_at=utcnow(),
    )


def _finish(nl: Newsletter, import_id: int, **values: Any) -> None:
    """Store an import's outcome."""
    with nl.db.transaction() as session:
        session.execute(update(imports).where(imports.c.id == import_id).values(**values))


class ImportRunner:
    """Runs one import at a time in a thread beside the worker's loop, so sends and its heartbeat never wait."""

    def __init__(self, nl: Newsletter, stopping: threading.Event) -> None:
        self.nl = nl
        self.stopping = stopping
        self.thread: threading.Thread | None = None

    def tick(self) -> int | None:
        """Start the next waiting import unless one is running here; return its id."""
        if self.thread is not None and self.thread.is_alive():
            return None
        row = _claim(self.nl)
        if row is None:
            return None
        self.thread = threading.Thread(
            target=run_import, args=(self.nl, row, self.stopping), name=f"import-{row.id}", daemon=True
        )
        self.thread.start()
        return int(row.id)


def status(row: Any) -> dict[str, Any]:
    """Return an import's figures as the progress page and its JSON show them (no addresses)."""
    rejected = json.loads(row.rejected) if row.rejected else []
    return {
        "id": int(row.id),
        "state": row.state,
        "total_rows": row.total_rows,
        "processed_rows": row.processed_rows,
        "imported": row.imported,
        "already_listed": row.already_listed,
        "not_importable": row.not_importable,
        "rejected": len(rejected),
        "error": row.error,
    }
