"""Subscriber emails through the outbox, rendered when sent so a hold or an erasure in between wins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from services.kit.email import EmailSendError
from services.kit.outbox import enqueue
from services.kit.worker import PermanentJobError, RetryableJobError
from services.newsletter.signup import store
from services.newsletter.signup.mail_content import subscriber_message
from services.newsletter.signup.store import BLOCKING_SUPPRESSIONS

if TYPE_CHECKING:
    from services.newsletter.context import Newsletter

SUBSCRIBER_MAIL_JOB = "newsletter.subscriber_mail"
# Which subscriber states each email still makes sense for when the worker gets to it.
VALID_STATES = {
    "confirm": ("pending",),
    "welcome": ("confirmed",),
    "already_subscribed": ("confirmed",),
    "preferences_link": ("confirmed",),
}


def queue_subscriber_mail(session: Session, outbox: Table, subscriber_id: int, kind: str) -> None:
    """Record an email to a subscriber in the caller's transaction (the payload holds no address)."""
    enqueue(session, outbox, SUBSCRIBER_MAIL_JOB, {"subscriber_id": subscriber_id, "kind": kind})


class SubscriberMailJob:
    """The worker's handler: render and send one subscriber email, if still appropriate."""

    def __init__(self, nl: Newsletter) -> None:
        self.nl = nl

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send the email, or drop it quietly when the person was erased, held or suppressed since."""
        kind = payload["kind"]
        with self.nl.db.transaction() as session:
            row = store.get(session, int(payload["subscriber_id"]))
            if row is None or row.status not in VALID_STATES[kind]:
                return
            if (
                store.is_held(session, row.email_hash)
                or store.suppression_of(session, row.email_hash) in BLOCKING_SUPPRESSIONS
            ):
                return
        message = subscriber_message(
            kind,
            self.nl.settings,
            self.nl.links,
            subscriber_id=row.id,
            email=row.email,
            first_name=row.first_name,
            nonce=row.confirm_nonce,
        )
        try:
            self.nl.sender.send(message)
        except EmailSendError as exc:
            if exc.retryable:
                raise RetryableJobError(f"email provider: {exc.status} {exc.reason}", exc.retry_after) from exc
            raise PermanentJobError(f"email provider refused: {exc.status} {exc.reason}") from exc
