"""Idempotency-Key: the same key and body give the same stored answer; another body is a conflict."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from services.leads.assessments.recorded import Recorded
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import idempotency_keys


class IdempotencyConflict(Exception):
    """The key was used before with a different body."""


@dataclass(frozen=True)
class Fingerprint:
    """A hashed key and the hash of the body sent with it."""

    key_hash: str
    request_hash: str


def fingerprint(key: str, payload: dict[str, Any]) -> Fingerprint:
    """Hash the key and the canonical body (neither is stored in the clear)."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return Fingerprint(hashlib.sha256(key.encode()).hexdigest(), hashlib.sha256(body.encode()).hexdigest())


def replay(session: Session, cipher: FieldCipher, key: Fingerprint, *, any_body: bool = False) -> Recorded | None:
    """Return the earlier answer for this key, or None when the key is new (`any_body`: whatever was sent)."""
    row = session.execute(select(idempotency_keys).where(idempotency_keys.c.key_hash == key.key_hash)).first()
    if row is None:
        return None
    if row.request_hash != key.request_hash and not any_body:
        raise IdempotencyConflict("this Idempotency-Key was used with a different request body")
    answer = cipher.decrypt_json(row.response_enc, "idempotency_keys.response")
    return Recorded(row.lead_id, "", answer, replayed=True)


def remember(
    session: Session, cipher: FieldCipher, key: Fingerprint, lead_id: str, answer: dict[str, Any], now: datetime
) -> None:
    """Store the answer under the key in the same transaction as the lead."""
    session.execute(
        insert(idempotency_keys),
        {
            "key_hash": key.key_hash,
            "request_hash": key.request_hash,
            "lead_id": lead_id,
            "response_enc": cipher.encrypt_json(answer, "idempotency_keys.response"),
            "created_at": now,
        },
    )
