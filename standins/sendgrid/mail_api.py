"""POST /v3/mail/send: SendGrid's Mail Send, with its checks, limits and injected faults."""

from __future__ import annotations

import json
import secrets
import time
import zlib
from typing import IO, Any

from flask import Blueprint, Response, request

from standins.sendgrid.answers import bearer_problem, sendgrid_error
from standins.sendgrid.events import acceptance_events
from standins.sendgrid.expansion import expand
from standins.sendgrid.field_errors import FieldError
from standins.sendgrid.state import standin_state
from standins.sendgrid.validation import validate_mail_send

bp = Blueprint("sendgrid_mail", __name__)
_CHUNK = 64 * 1024
# An oversized body is read to its end before answering 413, so the client sees the answer
# rather than a reset connection; beyond this much we stop being polite.
_DRAIN_CAP = 256 * 1024 * 1024


@bp.post("/v3/mail/send")
def send_mail() -> Response:
    """Accept mail the way SendGrid does: 202 and X-Message-Id, or SendGrid's error body."""
    state = standin_state()
    problem = bearer_problem(state.config.api_key)
    if problem is not None:
        return problem
    allowed, limit_headers = state.rate.hit()
    fault = state.faults.take()
    if fault is not None and fault.mode == "slow":
        time.sleep(fault.delay)
    elif fault is not None and fault.mode == "429":
        return sendgrid_error(429, headers=state.rate.exhausted_headers(fault.reset_in))
    elif fault is not None:
        return sendgrid_error(int(fault.mode), headers=limit_headers)
    if not allowed:
        return sendgrid_error(429, headers=limit_headers)
    body = _read_body(state.config.max_body_bytes)
    if body is None:
        return sendgrid_error(413, headers=limit_headers)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return sendgrid_error(400, [FieldError("Bad Request", None)], limit_headers)
    now = time.time()
    errors = validate_mail_send(payload, now)
    if errors:
        return sendgrid_error(400, errors, limit_headers)
    if _sandboxed(payload):
        # Sandbox mode checks the request and sends nothing; SendGrid answers 200 there.
        return Response(status=200, headers=limit_headers)
    message_id = secrets.token_urlsafe(16)
    deliveries = expand(payload, message_id, now, state.store.suppression_of)
    state.store.add(deliveries)
    state.dispatcher.submit([event for d in deliveries for event in acceptance_events(d, int(now))])
    response = Response(status=202, headers={**limit_headers, "X-Message-Id": message_id})
    del response.headers["Content-Type"]  # 202 carries no body
    return response


def _sandboxed(payload: dict[str, Any]) -> bool:
    """Tell whether mail_settings.sandbox_mode.enable is true."""
    sandbox = (payload.get("mail_settings") or {}).get("sandbox_mode")
    return isinstance(sandbox, dict) and sandbox.get("enable") is True


def _read_body(limit: int) -> bytes | None:
    """Read the (possibly gzipped) body; None when it is larger than `limit`."""
    stream = request.stream
    length = request.content_length
    if length is not None and length > limit:
        _drain(stream, min(length, _DRAIN_CAP))
        return None
    data = _read_at_most(stream, limit)
    if data is None:
        _drain(stream, _DRAIN_CAP)
        return None
    if request.headers.get("Content-Encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(data, limit + 1)
        except zlib.error:
            return b""  # not valid gzip: answered as a bad request
        if len(data) > limit or inflater.unconsumed_tail:
            return None
    return data


def _read_at_most(stream: IO[bytes], limit: int) -> bytes | None:
    """Read the whole stream, or return None as soon as it passes `limit` bytes."""
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def _drain(stream: IO[bytes], budget: int) -> None:
    """Discard up to `budget` bytes of the request body."""
    while budget > 0 and (chunk := stream.read(min(_CHUNK, budget))):
        budget -= len(chunk)
