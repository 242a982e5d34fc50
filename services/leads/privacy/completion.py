"""The newsletter's and billing's answers to a privacy request; the last one in finishes the request."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.contracts.events import BillingPrivacyDone, NewsletterPrivacyDone
from services.kit.db_types import utcnow
from services.kit.inbox import EventHandler, Received
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.requests import PART_CONTEXT, queue_mail
from services.leads.tables import privacy_export_parts, privacy_requests

log = logging.getLogger(__name__)
DONE_COLUMNS = ("leads_done_at", "newsletter_done_at", "billing_done_at")


def finish_if_complete(session: Session, parts: LeadsParts, request_id: str, now: datetime) -> bool:
    """Once all three services are done: open the download (export) or tell the person (erasure)."""
    row = session.execute(select(privacy_requests).where(privacy_requests.c.id == request_id)).first()
    if row is None or row.status != "running" or any(getattr(row, c) is None for c in DONE_COLUMNS):
        return False
    values: dict[str, Any] = {"status": "done", "completed_at": now}
    if row.kind == "export":
        values.update(
            download_nonce=secrets.token_urlsafe(24),
            download_expires_at=now + timedelta(hours=parts.settings.privacy_download_hours),
        )
    session.execute(update(privacy_requests).where(privacy_requests.c.id == request_id).values(**values))
    queue_mail(session, request_id, "export_ready" if row.kind == "export" else "erased")
    return True


def part_done_handler(parts: LeadsParts, service: str) -> EventHandler:
    """Handle one service's answer: record it, keep its export part sealed, finish when it was the last."""

    def handle(session: Session, received: Received[Any]) -> None:
        event = received.event
        row = session.execute(
            select(privacy_requests).where(privacy_requests.c.id == event.request_id).with_for_update()
        ).first()
        if row is None or getattr(row, f"{service}_done_at") is not None:
            log.info("privacy answer for no waiting request", extra={"service": service})
            return
        now = utcnow()
        session.execute(
            update(privacy_requests)
            .where(privacy_requests.c.id == event.request_id)
            .values({f"{service}_done_at": now})
        )
        if row.kind == "export":
            session.execute(
                insert(privacy_export_parts).values(
                    request_id=row.id,
                    service=service,
                    data_enc=parts.cipher.encrypt_json(dict(event.data), PART_CONTEXT),
                    received_at=now,
                )
            )
        finish_if_complete(session, parts, row.id, now)

    return handle


def privacy_handlers(parts: LeadsParts) -> dict[type[Any], EventHandler]:
    """The inbox handlers for the two answers."""
    return {
        NewsletterPrivacyDone: part_done_handler(parts, "newsletter"),
        BillingPrivacyDone: part_done_handler(parts, "billing"),
    }
