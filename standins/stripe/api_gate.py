"""What every /v1 call passes through: logging, auth, faults, idempotency, request ids."""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from .config import API_VERSION
from .errors import StripeError
from .events import current_request
from .expansion import expand
from .formdata import as_list, decode
from .ids import new_id
from .standin import standin

REPLAYABLE = ("POST", "DELETE")


def params() -> dict[str, Any]:
    """Return the decoded parameters of the current API call."""
    return g.stripe_params


def reply(obj: dict[str, Any], status: int = 200) -> tuple[Response, int]:
    """Answer with an object, expanded as the call asked."""
    return jsonify(expand(standin().store, obj, as_list(params(), "expand"))), status


def locked(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run a view while holding the state lock, so each call sees and leaves consistent state."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with standin().store.lock:
            return view(*args, **kwargs)

    return wrapper


def _api_key() -> str:
    """Return the secret key of the call, or refuse it as Stripe does."""
    header = request.headers.get("Authorization", "")
    if not header:
        raise StripeError(
            401,
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        )
    scheme, _, key = header.partition(" ")
    if scheme.lower() == "basic":
        # Stripe also takes the key as the Basic auth user name (`curl -u sk_test_...:`).
        try:
            key = base64.b64decode(key, validate=True).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            key = ""
    elif scheme.lower() != "bearer":
        key = ""
    if not key.startswith("sk_test_") or len(key) <= len("sk_test_"):
        shown = key[:8] + "*" * max(0, len(key) - 12) + key[-4:] if key else ""
        raise StripeError(401, f"Invalid API Key provided: {shown}")
    return key


def _before() -> Response | None:
    """Log, authenticate, inject faults and replay idempotent calls before any view runs."""
    app_state = standin()
    g.request_id = new_id("req")
    g.stripe_params = {}
    record = {
        "method": request.method,
        "path": request.path,
        "params": None,
        "idempotency_key": request.headers.get("Idempotency-Key"),
        "stripe_version": request.headers.get("Stripe-Version"),
        "at": app_state.clock.now(),
    }
    app_state.log_request(record)
    g.request_record = record
    g.stripe_params = decode([*request.args.items(multi=True), *request.form.items(multi=True)])
    record["params"] = g.stripe_params
    g.api_key = _api_key()
    app_state.faults.apply()
    key = request.headers.get("Idempotency-Key")
    if key and request.method in REPLAYABLE:
        saved = app_state.idempotency.begin(
            g.api_key, key, request.method, request.path, g.stripe_params, app_state.clock.now()
        )
        if saved is not None:
            response = Response(saved.body, status=saved.status, headers=saved.headers, mimetype="application/json")
            response.headers["Idempotent-Replayed"] = "true"
            return response
        g.idempotency_key = key
    g.context_token = current_request.set((g.request_id, key))
    return None


def _after(response: Response) -> Response:
    """Stamp Stripe's response headers and keep the answer for idempotent replay."""
    response.headers["Request-Id"] = g.get("request_id", "")
    if "request_record" in g:
        g.request_record["status"] = response.status_code
    response.headers["Stripe-Version"] = request.headers.get("Stripe-Version") or API_VERSION
    key = g.pop("idempotency_key", None)
    if key and "Idempotent-Replayed" not in response.headers:
        headers = {"Request-Id": response.headers["Request-Id"], "Idempotency-Key": key}
        standin().idempotency.finish(g.api_key, key, response.status_code, response.get_data(), headers)
        response.headers["Idempotency-Key"] = key
    return response


def _teardown(_exc: BaseException | None) -> None:
    """Release an idempotency key whose request died, and forget the request context."""
    key = g.pop("idempotency_key", None)
    if key:
        standin().idempotency.finish(g.api_key, key, 500, b"", {})
    token = g.pop("context_token", None)
    if token is not None:
        current_request.reset(token)


def guard(bp: Blueprint) -> None:
    """Attach the gate to an API blueprint."""
    bp.before_request(_before)
    bp.after_request(_after)
    bp.teardown_request(_teardown)
