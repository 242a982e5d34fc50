"""A person's privacy request: asked by email address, confirmed through a signed single-use link, then run.

Leads holds the request and answers it for itself at once; the newsletter and billing answer by events
(request_events.py out, completion.py back). The page answers the same whatever happens, so it never tells
anyone whether an address is known.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import CursorResult, func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.kit.outbox import enqueue
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.blind_index import normalise_email
from services.leads.privacy.erasure import anonymise_lead
from services.leads.privacy.person_export import leads_export
from services.leads.tables import infra, leads, privacy_export_parts, privacy_requests, waitlist

KINDS = ("export", "erase")
PRIVACY_MAIL_JOB = "leads.privacy_mail"
PRIVACY_EVENT_JOB = "leads.privacy_event"
OTHER_SERVICES = ("newsletter", "billing")
EMAIL_CONTEXT = "privacy_requests.email"
PART_CONTEXT = "privacy_export_parts.data"


class LinkRefused(Exception):
    """The link is forged, expired or already used."""


def _signer(parts: LeadsParts) -> URLSafeSerializer:
    # Expiry lives in the row, not the signature, so one check decides and a used link stays used.
    return URLSafeSerializer(parts.settings.link_signing_key, salt="leads-privacy-link")


def link_token(parts: LeadsParts, nonce: str, purpose: str) -> str:
    """The signed token of a confirmation (`confirm`) or download (`download`) link."""
    return _signer(parts).dumps({"n": nonce, "p": purpose})


def nonce_of(parts: LeadsParts, token: str, purpose: str) -> str:
    """Check a link token's signature and purpose; return its nonce."""
    try:
        data = _signer(parts).loads(token)
    except BadSignature as exc:
        raise LinkRefused("invalid") from exc
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("n"), str):
        raise LinkRefused("invalid")
    return str(data["n"])


def queue_mail(session: Session, request_id: str, mail: str) -> None:
    """Queue one of the request's emails; the worker opens the address when it sends."""
    enqueue(
        session,
        infra.outbox,
        PRIVACY_MAIL_JOB,
        {"request_id": request_id, "mail": mail},
        dedupe_key=f"privacy-mail:{request_id}:{mail}",
    )


def ask(parts: LeadsParts, email: str, kind: str, now: datetime | None = None) -> bool:
    """Record a request and queue its confirmation email; False when this address asked too often this hour."""
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    now = now or utcnow()
    bidx = parts.index.email(email)
    with parts.container.db.transaction() as session:
        recent = session.execute(
            select(func.count())
            .select_from(privacy_requests)
            .where(privacy_requests.c.email_bidx == bidx, privacy_requests.c.created_at >= now - timedelta(hours=1))
        ).scalar_one()
        if recent >= parts.settings.privacy_requests_per_hour:
            return False
        request_id = str(uuid.uuid4())
        session.execute(
            insert(privacy_requests).values(
                id=request_id,
                kind=kind,
                origin="visitor",
                email_enc=parts.cipher.encrypt(normalise_email(email), EMAIL_CONTEXT),
                email_bidx=bidx,
                status="unconfirmed",
                link_nonce=secrets.token_urlsafe(24),
                link_expires_at=now + timedelta(minutes=parts.settings.privacy_link_minutes),
                created_at=now,
            )
        )
        queue_mail(session, request_id, "confirm")
    return True


def waiting_request(parts: LeadsParts, token: str, now: datetime | None = None) -> Row[Any]:
    """The unconfirmed request a confirmation link names, without using the link up."""
    nonce = nonce_of(parts, token, "confirm")
    with parts.container.db.transaction() as session:
        row = session.execute(select(privacy_requests).where(privacy_requests.c.link_nonce == nonce)).first()
    if row is None or row.status != "unconfirmed" or row.link_expires_at <= (now or utcnow()):
        raise LinkRefused("used or expired")
    return row


def confirm(parts: LeadsParts, token: str, now: datetime | None = None) -> str:
    """Spend the confirmation link once and start the request; return its kind."""
    nonce = nonce_of(parts, token, "confirm")
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(privacy_requests)
                .where(
                    privacy_requests.c.link_nonce == nonce,
                    privacy_requests.c.status == "unconfirmed",
                    privacy_requests.c.link_expires_at > now,
                )
                .values(status="running", confirmed_at=now)
            ),
        ).rowcount
        if claimed != 1:
            raise LinkRefused("used or expired")
        row = session.execute(select(privacy_requests).where(privacy_requests.c.link_nonce == nonce)).one()
        start(session, parts, row, "visitor", now)
    return str(row.kind)


def start(session: Session, parts: LeadsParts, row: Row[Any], actor: str, now: datetime) -> None:
    """Answer for leads at once and ask the newsletter and billing for their parts, in the same transaction."""
    if row.kind == "erase":
        erase_everywhere_here(session, row.email_bidx, actor, now)
    else:
        data = leads_export(session, parts.cipher, row.email_bidx)
        session.execute(
            insert(privacy_export_parts).values(
                request_id=row.id,
                service="leads",
                data_enc=parts.cipher.encrypt_json(data, PART_CONTEXT),
                received_at=now,
            )
        )
    session.execute(update(privacy_requests).where(privacy_requests.c.id == row.id).values(leads_done_at=now))
    for target in OTHER_SERVICES:
        enqueue(
            session,
            infra.outbox,
            PRIVACY_EVENT_JOB,
            {"request_id": row.id, "target": target, "event_id": str(uuid.uuid4()), "occurred_at": now.isoformat()},
            dedupe_key=f"privacy-event:{row.id}:{target}",
        )


def erase_everywhere_here(session: Session, email_bidx: str, actor: str, now: datetime) -> int:
    """Anonymise every lead with this address and blank it on the waitlist; return how many leads."""
    lead_ids = list(
        session.execute(
            select(leads.c.id).where(leads.c.email_bidx == email_bidx, leads.c.erased_at.is_(None))
        ).scalars()
    )
    for lead_id in lead_ids:
        anonymise_lead(session, lead_id, actor, now, "erased_on_request")
    session.execute(update(waitlist).where(waitlist.c.email_bidx == email_bidx).values(email_enc=None, email_bidx=None))
    return len(lead_ids)


def staff_erasure(session: Session, parts: LeadsParts, email: str, actor: str, now: datetime) -> str:
    """Record and start an erasure a staff member asked for on the person's behalf; return the request id."""
    request_id = str(uuid.uuid4())
    session.execute(
        insert(privacy_requests).values(
            id=request_id,
            kind="erase",
            origin="staff",
            requested_by=actor,
            email_enc=parts.cipher.encrypt(normalise_email(email), EMAIL_CONTEXT),
            email_bidx=parts.index.email(email),
            status="running",
            link_nonce=secrets.token_urlsafe(24),
            link_expires_at=now,
            created_at=now,
            confirmed_at=now,
        )
    )
    row = session.execute(select(privacy_requests).where(privacy_requests.c.id == request_id)).one()
    start(session, parts, row, actor, now)
    return request_id
