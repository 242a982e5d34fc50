"""The sending engine: any number of workers claim batches, submit them once, and record the outcome."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.kit.email import EmailSendError
from services.kit.outbox import backoff_seconds
from services.newsletter.campaigns.domain.rendering import merge_fields_of, sending_subject
from services.newsletter.context import Newsletter
from services.newsletter.sending import batch_store, pace
from services.newsletter.sending.batch_store import Claim
from services.newsletter.sending.message import FrozenCampaign, batch_message
from services.newsletter.tables import campaigns

log = logging.getLogger(__name__)
# How long a submitting batch must sit before another worker may judge its owner dead. On PostgreSQL
# the owner's row lock is the proof of life, so this only covers the instant between claim and lock.
PG_ORPHAN_GRACE = timedelta(seconds=2)


class BatchSender:
    """Claim → submit → record, one batch at a time, until no batch is ready or time is up."""

    def __init__(self, nl: Newsletter, worker_id: str, stopping: threading.Event | None = None) -> None:
        self.nl = nl
        self.worker_id = worker_id
        self.stopping = stopping or threading.Event()
        self._campaigns: dict[int, FrozenCampaign] = {}
        settings = nl.settings
        lease = timedelta(seconds=2 * settings.sendgrid_timeout_seconds + 10)
        self.orphan_grace = PG_ORPHAN_GRACE if nl.db.is_postgres else lease

    def run_for(self, budget_seconds: float = 5.0) -> int:
        """Send ready batches for up to `budget_seconds`; return how many were handled."""
        deadline = time.monotonic() + budget_seconds
        handled = 0
        with self.nl.db.transaction() as session:
            recovered = batch_store.recover_orphans(session, self.orphan_grace, utcnow())
        if recovered:
            log.warning(
                "batches found stuck in submitting; resending as possibly duplicated", extra={"count": recovered}
            )
        while time.monotonic() < deadline and not self.stopping.is_set():
            claim = self._claim()
            if claim is None:
                break
            self._process(claim)
            handled += 1
        return handled

    def _claim(self) -> Claim | None:
        """Wait for a slot under the shared send rate, then claim a batch.

        The wait comes before the claim, so a batch is in "submitting" only while it is really being
        submitted, and a worker killed while waiting leaves nothing uncertain behind.
        """
        rate = self.nl.settings.send_rate_per_second
        if rate > 0:
            with self.nl.db.transaction() as session:
                if not batch_store.any_ready(session, utcnow()):
                    return None
                slot = pace.reserve_slot(session, self.nl.settings.batch_size, rate)
            wait = slot - time.time()
            if wait > 0 and self.stopping.wait(wait):
                return None
        with self.nl.db.transaction() as session:
            if rate <= 0 and pace.held_until(session) > time.time():
                return None  # SendGrid asked everyone to wait (429 with X-RateLimit-Reset)
            return batch_store.claim_next(session, self.worker_id, utcnow())

    @contextmanager
    def _ownership(self, claim: Claim) -> Iterator[Session | None]:
        """Hold the batch's row lock through the provider call on PostgreSQL; SQLite relies on the lease."""
        if not self.nl.db.is_postgres:
            yield None
            return
        with self.nl.db.transaction() as session:
            if batch_store.hold_claim(session, claim):
                yield session
            else:
                raise LookupError("batch is no longer ours")

    @contextmanager
    def _tx(self, session: Session | None) -> Iterator[Session]:
        """Use the owning transaction when there is one, else a fresh one."""
        if session is not None:
            yield session
        else:
            with self.nl.db.transaction() as fresh:
                yield fresh

    def _process(self, claim: Claim) -> None:
        """Submit one claimed batch and record the result."""
        try:
            with self._ownership(claim) as owner:
                self._submit(owner, claim)
        except LookupError:
            log.warning("claimed batch was taken over", extra={"batch_id": claim.batch_id})

    def _submit(self, owner: Session | None, claim: Claim) -> None:
        """Build the batch's message, send it, and record the outcome in the owning transaction."""
        with self._tx(owner) as session:
            people, skipped = batch_store.addressees(session, claim)
            campaign = self._campaign(session, claim.campaign_id)
        if not people:
            with self._tx(owner) as session:
                batch_store.record_submitted(session, claim, [], skipped, None)
            return
        settings = self.nl.settings
        message = batch_message(
            campaign,
            people,
            self.nl.links,
            from_email=settings.mail_from,
            from_name=settings.clinic_name,
            allow_http=not settings.is_production,
        )
        try:
            result = self.nl.sender.send(message)
        except EmailSendError as exc:
            with self._tx(owner) as session:
                self._record_error(session, claim, exc)
            return
        with self._tx(owner) as session:
            batch_store.record_submitted(session, claim, [p.recipient_id for p in people], skipped, result.message_id)

    def _record_error(self, session: Session, claim: Claim, exc: EmailSendError) -> None:
        """Retry throttling and outages with backoff; fail the batch for good on a refusal."""
        reason = f"SendGrid {exc.status or 'unreachable'}: {exc.reason}"
        if not exc.retryable:
            batch_store.record_failed(session, claim, reason)
            log.warning("batch refused by SendGrid", extra={"batch_id": claim.batch_id, "status": exc.status})
            return
        if claim.attempt >= self.nl.settings.batch_max_attempts:
            batch_store.record_failed(session, claim, f"gave up after {claim.attempt} attempts; last: {reason}")
            return
        delay = backoff_seconds(claim.attempt, base=0.5, cap=60.0, floor=exc.retry_after or 0.0)
        if exc.retry_after:
            pace.hold_until(session, time.time() + exc.retry_after)
        # Without an answer (timeout, reset) SendGrid may have queued the mail: a resend may duplicate.
        batch_store.record_retry(session, claim, reason, delay, uncertain=exc.status is None)
        log.info(
            "batch will be retried", extra={"batch_id": claim.batch_id, "status": exc.status, "delay": round(delay, 2)}
        )

    def _campaign(self, session: Session, campaign_id: int) -> FrozenCampaign:
        """Return the campaign's frozen content, read once per worker."""
        cached = self._campaigns.get(campaign_id)
        if cached is None:
            row = session.execute(
                select(
                    campaigns.c.id,
                    campaigns.c.subject,
                    campaigns.c.preheader,
                    campaigns.c.markdown,
                    campaigns.c.html,
                    campaigns.c.text,
                ).where(campaigns.c.id == campaign_id)
            ).one()
            fields = merge_fields_of(row.subject, row.preheader, row.markdown)
            cached = FrozenCampaign(
                row.id, sending_subject(row.subject, fields), row.html or "", row.text or "", fields
            )
            self._campaigns[campaign_id] = cached
        return cached
