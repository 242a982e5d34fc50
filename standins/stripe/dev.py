"""/dev/stripe: move the clock, set cards, inject faults, and see what was sent and delivered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, jsonify, request

from . import schedule
from .cards import CardRejected, lookup
from .faults import MODES
from .payments import attach_card
from .periods import DAY
from .standin import standin

bp = Blueprint("stripe_dev", __name__, url_prefix="/dev/stripe")

MAX_ADVANCE_DAYS = 3660


def _problem(status: int, message: str, errors: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """Answer with the project's error shape."""
    code = {400: "bad_request", 404: "not_found", 422: "unprocessable_entity"}.get(status, "error")
    return jsonify({"code": code, "status": status, "message": message, "errors": errors}), status


def _json() -> dict[str, Any] | None:
    """Return the JSON object body, or None when the body is not one."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _clock_json(now: int) -> dict[str, Any]:
    """Describe the stand-in's time."""
    return {"now": now, "iso": datetime.fromtimestamp(now, tz=UTC).isoformat()}


@bp.get("/clock")
def clock():  # type: ignore[no-untyped-def]
    """Return the stand-in's current time."""
    return jsonify(_clock_json(standin().clock.now()))


@bp.post("/clock/advance")
def advance():  # type: ignore[no-untyped-def]
    """Move time forward by `days` (fractions allowed), running renewals, retries and expiries."""
    body = _json()
    days = body.get("days") if body else None
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not 0 <= days <= MAX_ADVANCE_DAYS:
        return _problem(422, 'Send JSON {"days": N}.', {"days": [f"A number from 0 to {MAX_ADVANCE_DAYS}."]})
    app_state = standin()
    now = schedule.advance(app_state.store, app_state.config, int(days * DAY))
    return jsonify(_clock_json(now))


@bp.post("/customers/<customer_id>/card")
def set_card(customer_id: str):  # type: ignore[no-untyped-def]
    """Put a test card on a customer without charging it (future charges use it)."""
    body = _json()
    store = standin().store
    try:
        card = lookup(body.get("card") if body else None)
    except CardRejected as exc:
        return _problem(422, 'Send JSON {"card": "<test card number>"}.', {"card": [str(exc)]})
    with store.lock:
        customer = store.find("customer", customer_id)
        if customer is None:
            return _problem(404, f"No such customer: '{customer_id}'", {})
        payment_method = attach_card(store, customer, card)
    return jsonify(
        {
            "customer": customer_id,
            "payment_method": payment_method,
            "card": {"brand": card.brand, "last4": card.last4, "outcome": card.outcome.value},
        }
    )


@bp.get("/requests")
def requests_log():  # type: ignore[no-untyped-def]
    """Return every API call received, oldest first: method, path, params, idempotency key."""
    app_state = standin()
    with app_state.requests_lock:
        return jsonify(list(app_state.requests))


@bp.delete("/requests")
def clear_requests():  # type: ignore[no-untyped-def]
    """Forget the API calls received so far."""
    app_state = standin()
    with app_state.requests_lock:
        app_state.requests.clear()
    return "", 204


@bp.get("/faults")
def faults():  # type: ignore[no-untyped-def]
    """Show the fault plan."""
    return jsonify(standin().faults.current().as_json())


@bp.post("/faults")
def set_faults():  # type: ignore[no-untyped-def]
    """Make the next `count` API calls fail: mode "429", "500", "timeout" (delayed by `delay` s) or null."""
    body = _json()
    if body is None:
        return _problem(422, 'Send JSON {"mode": "429"|"500"|"timeout"|null, "count": n}.', {})
    mode, count, delay = body.get("mode"), body.get("count", 1), body.get("delay", 10.0)
    mode = str(mode) if isinstance(mode, int) and not isinstance(mode, bool) else mode
    errors: dict[str, list[str]] = {}
    if mode is not None and mode not in MODES:
        errors["mode"] = [f"One of {', '.join(MODES)} or null."]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        errors["count"] = ["A whole number, 0 or more."]
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay <= 300:
        errors["delay"] = ["Seconds from 0 to 300."]
    if errors:
        return _problem(422, "Invalid fault plan.", errors)
    return jsonify(standin().faults.set(mode if isinstance(mode, str) else None, count, float(delay)).as_json())


@bp.get("/webhooks")
def webhook_attempts():  # type: ignore[no-untyped-def]
    """Return every webhook delivery attempt: event id, attempt number, status or error."""
    sender = standin().sender
    return jsonify({"url": sender.url if sender else None, "attempts": list(sender.attempts) if sender else []})
