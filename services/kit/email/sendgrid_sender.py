"""SendGrid adapter for the email port, on the official `sendgrid` library."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from typing import Any

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient

from services.kit.email.message import EmailMessage, to_sendgrid_payload
from services.kit.email.port import EmailSendError, SendResult


class SendGridEmailSender:
    """Send messages through SendGrid's v3 Web API (or the local stand-in at `host`)."""

    def __init__(
        self,
        api_key: str,
        host: str,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not api_key:
            # The library would otherwise fall back to SENDGRID_API_KEY from the environment.
            raise ValueError("a SendGrid API key is required")
        self._client = SendGridAPIClient(api_key, host=host.rstrip("/"))
        self._client.client.timeout = timeout
        self._clock = clock

    def send(self, message: EmailMessage) -> SendResult:
        """Post the message to /v3/mail/send; raise EmailSendError classified for retrying."""
        payload = to_sendgrid_payload(message)
        try:
            response = self._client.client.mail.send.post(request_body=payload)
        except HTTPError as err:
            raise http_error_to_send_error(err, self._clock()) from None
        except (OSError, http.client.HTTPException) as err:
            # Timeouts, refused or reset connections: the message may or may not have arrived,
            # and trying again later is the only sound move.
            raise EmailSendError(f"SendGrid unreachable: {err}", status=None, retryable=True) from None
        return SendResult(message_id=response.headers.get("X-Message-Id"))


def http_error_to_send_error(err: HTTPError, now: float) -> EmailSendError:
    """Classify an HTTP error answer from SendGrid."""
    status = int(err.status_code)
    reason = _error_reason(err.body) or f"SendGrid answered {status}"
    if status == 429:
        return EmailSendError(
            reason,
            status=status,
            retryable=True,
            retry_after=_seconds_until_reset(err.headers, now),
        )
    return EmailSendError(reason, status=status, retryable=status >= 500)


def _seconds_until_reset(headers: Any, now: float) -> float | None:
    """Turn X-RateLimit-Reset (epoch seconds) into a wait from now, never negative."""
    raw = headers.get("X-RateLimit-Reset") if headers is not None else None
    if raw is None:
        return None
    try:
        reset = float(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, reset - now)


def _error_reason(body: bytes | str | None) -> str | None:
    """Join SendGrid's errors[].message (with their field) into one line."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return None
    parts = []
    for error in errors:
        if not isinstance(error, dict) or not error.get("message"):
            continue
        field = error.get("field")
        parts.append(f"{field}: {error['message']}" if field else str(error["message"]))
    return "; ".join(parts) or None
