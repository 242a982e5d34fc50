"""Checks of a mail/send body's addresses, headers, substitutions, custom_args and scheduling."""

from __future__ import annotations

import re
from typing import Any

from standins.sendgrid.field_errors import Errors, type_name

MAX_CUSTOM_ARGS_BYTES = 10_000
MAX_SUBSTITUTIONS_BYTES = 10_000
MAX_SCHEDULE_AHEAD_SECONDS = 72 * 3600
RESERVED_HEADERS = frozenset(
    name.lower()
    for name in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)
# Close to what SendGrid accepts: a local part without spaces or brackets, and a dotted domain.
EMAIL_PATTERN = re.compile(r"^[^\s@<>()\[\],;:\"]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+$")


def check_address(value: Any, path: str, errors: Errors) -> str | None:
    """Check an {email, name} object; return the address when it is valid."""
    if not isinstance(value, dict):
        errors.add(f"Invalid type. Expected: object, given: {type_name(value)}.", path, "message.personalizations")
        return None
    if value.get("name") is not None and not isinstance(value["name"], str):
        errors.add(f"Invalid type. Expected: string, given: {type_name(value['name'])}.", f"{path}.name", None)
    email = value.get("email")
    if not isinstance(email, str) or len(email) > 320 or not EMAIL_PATTERN.match(email):
        errors.add("Does not contain a valid address.", f"{path}.email", "message.personalizations")
        return None
    return email


def check_headers(headers: Any, path: str, errors: Errors) -> None:
    """Headers are string pairs and may not override the ones SendGrid sets itself."""
    if headers is None:
        return
    if not isinstance(headers, dict):
        errors.add(f"Invalid type. Expected: object, given: {type_name(headers)}.", path, "message.headers")
        return
    for name, value in headers.items():
        if name.lower() in RESERVED_HEADERS:
            errors.add(f"The header {name} is reserved and cannot be set.", f"{path}.{name}", "message.headers")
        elif not isinstance(value, str):
            errors.add(
                f"Invalid type. Expected: string, given: {type_name(value)}.", f"{path}.{name}", "message.headers"
            )
        elif any(c in name + value for c in "\r\n") or not name.strip():
            errors.add("Header names and values may not contain line breaks.", f"{path}.{name}", "message.headers")


def check_substitutions(substitutions: Any, path: str, errors: Errors) -> None:
    """Substitutions are string pairs of at most 10,000 bytes per personalization."""
    if substitutions is None:
        return
    if not isinstance(substitutions, dict):
        errors.add(
            f"Invalid type. Expected: object, given: {type_name(substitutions)}.", path, "message.personalizations"
        )
        return
    if any(not isinstance(v, str) for v in substitutions.values()):
        errors.add("Substitution values must be strings.", path, "message.personalizations")
    elif _json_bytes(substitutions) > MAX_SUBSTITUTIONS_BYTES:
        errors.add(
            f"The substitutions may not exceed {MAX_SUBSTITUTIONS_BYTES:,} bytes per personalization.",
            path,
            "message.personalizations",
        )


def check_custom_args(args: Any, path: str, errors: Errors) -> dict[str, Any]:
    """custom_args are string pairs; return them (empty when absent or invalid)."""
    if args is None:
        return {}
    if not isinstance(args, dict):
        errors.add(f"Invalid type. Expected: object, given: {type_name(args)}.", path, "message.custom_args")
        return {}
    for key, value in args.items():
        if not isinstance(value, str):
            errors.add(
                f"Invalid type. Expected: string, given: {type_name(value)}.", f"{path}.{key}", "message.custom_args"
            )
            return {}
    return args


def check_custom_args_size(
    message_args: dict[str, Any], envelope_args: dict[str, Any], path: str, errors: Errors
) -> None:
    """The message's and the envelope's custom_args together fit in 10,000 bytes."""
    if _json_bytes({**message_args, **envelope_args}) > MAX_CUSTOM_ARGS_BYTES:
        errors.add(
            f"The custom_args may not exceed {MAX_CUSTOM_ARGS_BYTES:,} bytes.",
            f"{path}.custom_args",
            "message.custom_args",
        )


def check_send_at(send_at: Any, path: str, now: float, errors: Errors) -> None:
    """send_at is a unix time at most 72 hours ahead."""
    if send_at is None:
        return
    if not isinstance(send_at, int) or isinstance(send_at, bool):
        errors.add(f"Invalid type. Expected: integer, given: {type_name(send_at)}.", path, "message.send_at")
    elif send_at > now + MAX_SCHEDULE_AHEAD_SECONDS:
        errors.add("The send_at parameter can't be scheduled more than 72 hours in advance.", path, "message.send_at")


def check_misc(payload: dict[str, Any], errors: Errors) -> None:
    """Type-check the remaining optional message fields."""
    for name in ("template_id", "batch_id"):
        value = payload.get(name)
        if value is not None and (not isinstance(value, str) or not value):
            errors.add(f"The {name} must be a non-empty string.", name, f"message.{name}")
    asm = payload.get("asm")
    if asm is not None and (
        not isinstance(asm, dict) or not isinstance(asm.get("group_id"), int) or isinstance(asm.get("group_id"), bool)
    ):
        errors.add("The asm object requires an integer group_id.", "asm.group_id", "message.asm")
    pool = payload.get("ip_pool_name")
    if pool is not None and (not isinstance(pool, str) or not 2 <= len(pool) <= 64):
        errors.add("The ip_pool_name must be between 2 and 64 characters.", "ip_pool_name", "message.ip_pool_name")
    for name in ("mail_settings", "tracking_settings"):
        value = payload.get(name)
        if value is not None and not isinstance(value, dict):
            errors.add(f"Invalid type. Expected: object, given: {type_name(value)}.", name, f"message.{name}")


def _json_bytes(pairs: dict[str, str]) -> int:
    """Size of string pairs as compact JSON (before escaping), the way the limits are measured."""
    # Counted rather than serialised: this runs for every envelope of 1000-recipient requests.
    punctuation = 2 + 6 * len(pairs) - (1 if pairs else 0)
    return punctuation + sum(len(key.encode("utf-8")) + len(value.encode("utf-8")) for key, value in pairs.items())
