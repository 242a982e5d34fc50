"""Event Webhook events, shaped like SendGrid's (custom_args flattened into each event)."""

from __future__ import annotations

import secrets
from typing import Any

from standins.sendgrid.records import Delivery

EVENT_TYPES = (
    "processed",
    "dropped",
    "delivered",
    "deferred",
    "bounce",
    "open",
    "click",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
    "group_resubscribe",
)
# What SendGrid does to an address after these events: later mail to it is dropped.
SUPPRESSING_EVENTS = {
    "bounce": "Bounced Address",
    "spamreport": "Spam Reporting Address",
    "unsubscribe": "Unsubscribed Address",
}
_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"


def build_event(delivery: Delivery, event: str, timestamp: int, **options: Any) -> dict[str, Any]:
    """Build one event for a delivery; `options` carry reason, type, url, machine_open and the like."""
    body: dict[str, Any] = dict(delivery.all_custom_args)
    body.update(
        {
            "email": delivery.email,
            "timestamp": timestamp,
            "event": event,
            "sg_event_id": secrets.token_urlsafe(16),
            "sg_message_id": delivery.sg_message_id,
            "smtp-id": f"<{delivery.send.message_id}@standin.sendgrid.local>",
        }
    )
    categories = delivery.send.categories
    if categories:
        # SendGrid sends a single category as a string and several as an array.
        body["category"] = categories[0] if len(categories) == 1 else list(categories)
    if delivery.send.asm_group_id is not None:
        body["asm_group_id"] = delivery.send.asm_group_id
    body.update(_details(event, delivery, options))
    return body


def _details(event: str, delivery: Delivery, options: dict[str, Any]) -> dict[str, Any]:
    """The fields particular to each event type."""
    reason = options.get("reason")
    if event == "delivered":
        return {"response": "250 OK", "tls": 1, "ip": "127.0.0.1"}
    if event == "dropped":
        return {"reason": reason or delivery.dropped_reason or "Bounced Address", "status": "5.0.0"}
    if event == "deferred":
        return {"response": reason or "400 try again later", "attempt": str(options.get("attempt", 1))}
    if event == "bounce":
        kind = options.get("type") or "bounce"
        return {
            "type": kind,
            "reason": reason
            or ("550 5.1.1 The email account does not exist." if kind == "bounce" else "blocked by receiver"),
            "status": options.get("status") or "5.1.1",
            "bounce_classification": "Invalid Address" if kind == "bounce" else "Reputation",
        }
    if event == "open":
        return {
            "useragent": _USER_AGENT,
            "ip": "127.0.0.1",
            "sg_machine_open": bool(options.get("machine_open", False)),
        }
    if event == "click":
        return {
            "useragent": _USER_AGENT,
            "ip": "127.0.0.1",
            "url": options.get("url") or "https://example.com/",
            "url_offset": {"index": 0, "type": "html"},
        }
    if event in ("group_unsubscribe", "group_resubscribe"):
        details: dict[str, Any] = {"useragent": _USER_AGENT, "ip": "127.0.0.1"}
        if options.get("asm_group_id") is not None:
            details["asm_group_id"] = options["asm_group_id"]
        return details
    return {}


def acceptance_events(delivery: Delivery, timestamp: int) -> list[dict[str, Any]]:
    """What SendGrid reports after accepting mail: processed then delivered, or dropped if suppressed."""
    if delivery.dropped_reason:
        return [build_event(delivery, "dropped", timestamp)]
    return [build_event(delivery, "processed", timestamp), build_event(delivery, "delivered", timestamp)]
