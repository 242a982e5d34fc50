"""/dev/sendgrid/*: inject faults, emit recipient events, and point the Event Webhook."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, jsonify, request

from standins.sendgrid.answers import dev_error
from standins.sendgrid.events import EVENT_TYPES, SUPPRESSING_EVENTS, build_event
from standins.sendgrid.faults import FAULT_MODES
from standins.sendgrid.state import standin_state

bp = Blueprint("sendgrid_dev_control", __name__)
MAX_DELAY_SECONDS = 600


def _json_object() -> dict[str, Any] | None:
    """The request's JSON object, or None when the body is not one."""
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else None


def _is_number(value: Any) -> bool:
    """A JSON number that is not a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


@bp.get("/dev/sendgrid/faults")
def show_faults() -> Response:
    """Show the failures still planned for /v3/mail/send."""
    return jsonify(standin_state().faults.describe())


@bp.post("/dev/sendgrid/faults")
def plan_faults() -> Response:
    """Make the next `count` mail/send calls answer 429 or 5xx, or answer only after `delay` seconds."""
    body = _json_object()
    if body is None:
        return dev_error(400, "Send a JSON object.")
    errors: dict[str, list[str]] = {}
    unknown = set(body) - {"mode", "count", "reset_in", "delay"}
    for name in sorted(unknown):
        errors[name] = ["Unknown field."]
    raw_mode = body.get("mode")
    mode = str(raw_mode) if isinstance(raw_mode, int | str) and not isinstance(raw_mode, bool) else None
    if raw_mode is not None and mode not in FAULT_MODES:
        errors["mode"] = [f"Must be null or one of: {', '.join(FAULT_MODES)}."]
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors["count"] = ["Must be a whole number of 1 or more."]
    reset_in = body.get("reset_in", 1)
    if not _is_number(reset_in) or reset_in < 0:
        errors["reset_in"] = ["Must be a number of seconds, 0 or more."]
    delay = body.get("delay", 5)
    if not _is_number(delay) or not 0 <= delay <= MAX_DELAY_SECONDS:
        errors["delay"] = [f"Must be a number of seconds from 0 to {MAX_DELAY_SECONDS}."]
    if errors:
        return dev_error(400, "The fault plan has invalid fields.", errors)
    faults = standin_state().faults
    faults.set(mode, count, float(reset_in), float(delay))
    return jsonify(faults.describe())


_EVENT_FIELDS: dict[str, tuple[type, ...]] = {
    "email": (str,),
    "event": (str,),
    "message_id": (str,),
    "machine_open": (bool,),
    "url": (str,),
    "type": (str,),
    "reason": (str,),
    "status": (str,),
    "asm_group_id": (int,),
    "attempt": (int,),
}


@bp.post("/dev/sendgrid/events")
def emit_event() -> Response:
    """Send one signed event (bounce, open, click, spamreport, ...) for the latest message to `email`."""
    body = _json_object()
    if body is None:
        return dev_error(400, "Send a JSON object.")
    errors: dict[str, list[str]] = {}
    for name, value in body.items():
        kinds = _EVENT_FIELDS.get(name)
        if kinds is None:
            errors[name] = ["Unknown field."]
        elif not isinstance(value, kinds) or (kinds == (int,) and isinstance(value, bool)):
            errors[name] = [f"Must be a {kinds[0].__name__}."]
    for name in ("email", "event"):
        if not body.get(name):
            errors.setdefault(name, ["Missing data for required field."])
    if isinstance(body.get("event"), str) and body["event"] and body["event"] not in EVENT_TYPES:
        errors["event"] = [f"Must be one of: {', '.join(EVENT_TYPES)}."]
    if body.get("type") not in (None, "bounce", "blocked"):
        errors["type"] = ["Must be bounce or blocked."]
    if errors:
        return dev_error(400, "The event has invalid fields.", errors)
    state = standin_state()
    delivery = state.store.latest_for(body["email"], body.get("message_id"))
    if delivery is None:
        return dev_error(404, "No accepted message to that address (and message_id, if given).")
    if not state.dispatcher.url:
        return dev_error(409, "No Event Webhook URL is configured (SENDGRID_STANDIN_EVENT_WEBHOOK_URL).")
    options = {k: v for k, v in body.items() if k not in ("email", "event", "message_id")}
    event = build_event(delivery, body["event"], int(time.time()), **options)
    reason = SUPPRESSING_EVENTS.get(body["event"])
    if reason and options.get("type", "bounce") == "bounce":
        state.store.suppress(delivery.email, reason)
    state.dispatcher.submit([event])
    response = jsonify(event)
    response.status_code = 202
    return response


@bp.get("/dev/sendgrid/webhook")
def webhook_status() -> Response:
    """Show where events go, how many were delivered or failed, and the verifying public key."""
    state = standin_state()
    return jsonify({**state.dispatcher.status(), "public_key": state.signer.public_key})


@bp.put("/dev/sendgrid/webhook")
def point_webhook() -> Response:
    """Set (or, with null, unset) the Event Webhook URL while running."""
    body = _json_object()
    url = body.get("url") if body is not None else None
    valid_url = url is None or (isinstance(url, str) and url.startswith(("http://", "https://")))
    if body is None or set(body) != {"url"} or not valid_url:
        return dev_error(400, "Send a JSON object with one field, url.", {"url": ["Must be an http(s) URL or null."]})
    state = standin_state()
    state.dispatcher.set_url(url)
    return jsonify({**state.dispatcher.status(), "public_key": state.signer.public_key})
