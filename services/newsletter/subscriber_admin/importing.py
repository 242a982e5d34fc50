"""Store accepted CSV rows in chunks: new addresses only, never a held or suppressed one."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import insert, select

from services.kit.db_types import utcnow
from services.newsletter.context import Newsletter
from services.newsletter.signup.mail_jobs import queue_subscriber_mail
from services.newsletter.signup.store import BLOCKING_SUPPRESSIONS
from services.newsletter.subscriber_domain.csv_import import AcceptedRow, RejectedRow
from services.newsletter.tables import consents, marketing_holds, subscriber_topics, subscribers, suppressions

CHUNK = 500


@dataclass
class ImportReport:
    """What happened to every row of a file."""

    imported: int = 0
    already_listed: int = 0
    not_importable: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOptions:
    """How imported people start: confirmed (consent given elsewhere, with its wording) or pending."""

    status: str
    text_version: str
    consent_source: str = "import"  # stored on each consent record: which import brought the person in


def _chunks(rows: Iterable[AcceptedRow | RejectedRow], size: int) -> Iterator[list[AcceptedRow | RejectedRow]]:
    """Group rows into lists of `size`."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_rows(
    nl: Newsletter,
    rows: Iterable[AcceptedRow | RejectedRow],
    options: ImportOptions,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportReport:
    """Import rows chunk by chunk; `progress` hears how many rows each chunk held."""
    report = ImportReport()
    for chunk in _chunks(rows, CHUNK):
        accepted = [r for r in chunk if isinstance(r, AcceptedRow)]
        report.rejected.extend(r for r in chunk if isinstance(r, RejectedRow))
        if accepted:
            _store_chunk(nl, accepted, options, report)
        progress(len(chunk))
    return report


def _store_chunk(nl: Newsletter, rows: list[AcceptedRow], options: ImportOptions, report: ImportReport) -> None:
    """Insert one chunk's new subscribers with their topics and consent records, in one transaction."""
    hashed = {nl.hasher(r.email): r for r in rows}
    now = utcnow()
    with nl.db.transaction() as session:
        keys = list(hashed)
        listed = set(
            session.execute(select(subscribers.c.email_hash).where(subscribers.c.email_hash.in_(keys))).scalars()
        )
        held = set(
            session.execute(
                select(marketing_holds.c.email_hash).where(marketing_holds.c.email_hash.in_(keys))
            ).scalars()
        )
        blocked = set(
            session.execute(
                select(suppressions.c.email_hash).where(
                    suppressions.c.email_hash.in_(keys), suppressions.c.reason.in_(BLOCKING_SUPPRESSIONS)
                )
            ).scalars()
        )
        fresh = {h: r for h, r in hashed.items() if h not in listed | held | blocked}
        report.already_listed += len(listed)
        report.not_importable += len((held | blocked) - listed)
        if not fresh:
            return
        confirmed = options.status == "confirmed"
        session.execute(
            insert(subscribers),
            [
                {
                    "email": r.email,
                    "email_hash": h,
                    "first_name": r.first_name,
                    "status": options.status,
                    "paused": False,
                    "source": "import",
                    "confirm_nonce": None if confirmed else secrets.token_hex(8),
                    "signup_mails_sent": 0,
                    "created_at": now,
                    "updated_at": now,
                    "confirmed_at": now if confirmed else None,
                }
                for h, r in fresh.items()
            ],
        )
        ids = {
            email_hash: int(subscriber_id)
            for email_hash, subscriber_id in session.execute(
                select(subscribers.c.email_hash, subscribers.c.id).where(subscribers.c.email_hash.in_(list(fresh)))
            )
        }
        topic_rows = [{"subscriber_id": ids[h], "topic": t} for h, r in fresh.items() for t in r.topics]
        if topic_rows:
            session.execute(insert(subscriber_topics), topic_rows)
        session.execute(
            insert(consents),
            [
                {
                    "subscriber_id": ids[h],
                    "action": "imported",
                    "at": now,
                    "ip": None,
                    "user_agent": None,
                    "text_version": options.text_version,
                    "source": options.consent_source,
                }
                for h in fresh
            ],
        )
        if not confirmed:
            for h in fresh:
                queue_subscriber_mail(session, nl.outbox, ids[h], "confirm")
        report.imported += len(fresh)
