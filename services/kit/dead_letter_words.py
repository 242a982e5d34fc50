"""What a dead-lettered job was, in words staff read, from its kind and its safe fields only."""

from __future__ import annotations

import json
import re
from typing import Any

# Job kinds of every service; a kind not listed reads as its own words.
KIND_WORDS = {
    "email.send": "Email",
    "event.deliver": "Message to another service",
    "leads.consultation_email": "Consultation email",
    "leads.lead_email": "Email to a lead",
    "leads.inquiry_ack": "Email acknowledging an inquiry",
    "leads.safety_escalation": "Safety-flag escalation to a clinician",
    "leads.lead_event": "Lead update to another service",
    "leads.next_step_email": "Next-step email after an assessment",
    "newsletter.subscriber_mail": "Email to a newsletter reader",
    "billing.decline_refund": "Refund after a clinician declined a member",
    "stripe.event": "Processing a Stripe notification",
}
SERVICE_WORDS = {"leads": "leads", "billing": "billing", "newsletter": "newsletter", "gateway": "staff accounts"}
# Addresses and long digit runs (phone numbers) never reach a staff page, whatever an error message held.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DIGITS = re.compile(r"\+?\d[\d\s().-]{7,}\d")
MAX_ERROR = 300


def words_of(code: str) -> str:
    """Turn a code like "payment_failed" or "lead.qualified" into "Payment failed" or "Lead qualified"."""
    text = re.sub(r"[._-]+", " ", code).strip()
    return text[:1].upper() + text[1:] if text else "Unnamed job"


def _payload(raw: Any) -> dict[str, Any]:
    """Read a stored payload; anything unreadable counts as empty."""
    if isinstance(raw, dict):
        return raw
    try:
        data = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe(kind: str, raw_payload: Any) -> str:
    """Say what the job was for: its kind, plus an email's categories or an event's type and receiver."""
    base = KIND_WORDS.get(kind) or words_of(kind)
    payload = _payload(raw_payload)
    if kind == "email.send":
        categories = [c for c in payload.get("categories") or () if isinstance(c, str)]
        return f"{base}: {', '.join(words_of(c).lower() for c in categories)}" if categories else base
    if kind == "event.deliver":
        event = payload.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        target = payload.get("target")
        if isinstance(event_type, str) and isinstance(target, str):
            return f"{base}: “{words_of(event_type).lower()}” to {SERVICE_WORDS.get(target, target)}"
    if kind == "newsletter.subscriber_mail" and isinstance(payload.get("kind"), str):
        return f"{base}: {words_of(payload['kind']).lower()}"
    return base


def safe_error(error: str | None) -> str:
    """The last error, shortened, with addresses and phone numbers blotted out."""
    if not error:
        return "No error was recorded."
    text = _DIGITS.sub("[number]", _EMAIL.sub("[address]", error))
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"
