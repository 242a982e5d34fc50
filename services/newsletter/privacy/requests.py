"""A person's privacy request, relayed by the leads service: their newsletter record as data, or its erasure.

An erased address keeps only its keyed hash, as an "erased" suppression: a later sign-up with it is answered
like any other and sends nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.contracts.events import NewsletterPrivacyDone, NewsletterPrivacyRequest
from services.kit.events import publish
from services.kit.inbox import EventHandler, Received
from services.newsletter.context import Newsletter
from services.newsletter.preferences.service import erase, export_record
from services.newsletter.signup import store

ERASED = "erased"
# A delivered answer (an export carries the person's data) leaves the outbox at the next retention pass.
ANSWER_KEYS = ("event:leads:%:done",)


def privacy_request_handler(nl: Newsletter) -> EventHandler:
    """Handle privacy.newsletter_request and answer in the same transaction."""

    def handle(session: Session, received: Received[NewsletterPrivacyRequest]) -> None:
        event = received.event
        email_hash = nl.hasher(event.email)
        row = store.find_by_hash(session, email_hash, lock=True)
        data: dict[str, object] = {}
        if event.kind == "export":
            data = (export_record(session, row.id) or {}) if row is not None else {}
        elif event.kind == "erase":
            if row is not None:
                erase(session, nl, row.id)
            store.suppress(session, email_hash, ERASED)
        answer = NewsletterPrivacyDone(request_id=event.request_id, kind=event.kind, found=row is not None, data=data)
        publish(session, nl.outbox, answer, event_id=f"{received.id}:done")

    return handle
