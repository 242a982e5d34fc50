"""Validate a POST /v3/mail/send body the way SendGrid does, collecting every error at once."""

from __future__ import annotations

from typing import Any

from standins.sendgrid.field_errors import Errors, FieldError, type_name
from standins.sendgrid.validation_content import check_attachments, check_categories, check_content
from standins.sendgrid.validation_parts import (
    check_address,
    check_custom_args,
    check_custom_args_size,
    check_headers,
    check_misc,
    check_send_at,
    check_substitutions,
)

MAX_PERSONALIZATIONS = 1000
MAX_RECIPIENTS = 1000


def validate_mail_send(payload: Any, now: float) -> list[FieldError]:
    """Return every problem with a mail/send body; an empty list means it would be accepted."""
    if not isinstance(payload, dict):
        return [FieldError("Bad Request", None)]
    errors = Errors()
    has_template = isinstance(payload.get("template_id"), str) and bool(payload["template_id"])
    message_args = check_custom_args(payload.get("custom_args"), "custom_args", errors)
    every_personalization_has_subject = _check_personalizations(payload, message_args, errors, now)
    if "from" not in payload:
        errors.add(
            "The from object must be provided for every email send. It is an object that requires "
            "the email parameter, but may also contain a name parameter.",
            "from.email",
            "message.from",
        )
    else:
        check_address(payload["from"], "from", errors)
    if payload.get("reply_to") is not None:
        check_address(payload["reply_to"], "reply_to", errors)
        if payload.get("reply_to_list") is not None:
            errors.add(
                "You may provide either reply_to or reply_to_list, but not both.", "reply_to", "message.reply_to"
            )
    _check_subject(payload, has_template or every_personalization_has_subject, errors)
    check_content(payload.get("content"), has_template, errors)
    check_headers(payload.get("headers"), "headers", errors)
    check_categories(payload.get("categories"), errors)
    check_attachments(payload.get("attachments"), errors)
    check_send_at(payload.get("send_at"), "send_at", now, errors)
    check_misc(payload, errors)
    return errors.items


def _check_subject(payload: dict[str, Any], optional: bool, errors: Errors) -> None:
    """Require a non-empty subject unless a template or every personalization supplies one."""
    subject = payload.get("subject")
    if subject is None:
        if not optional:
            errors.add(
                "The subject is required. You can get around this requirement if you use a template "
                "with a subject defined or if every personalization has a subject defined.",
                "subject",
                "message.subject",
            )
    elif not isinstance(subject, str) or not subject:
        errors.add("The subject must be a string at least one character in length.", "subject", "message.subject")


def _check_personalizations(payload: dict[str, Any], message_args: dict[str, Any], errors: Errors, now: float) -> bool:
    """Check every envelope; return whether each one carries its own subject."""
    personalizations = payload.get("personalizations")
    if not isinstance(personalizations, list) or not personalizations:
        errors.add(
            "The personalizations field is required and must have at least one personalization.",
            "personalizations",
            "message.personalizations",
        )
        return False
    if len(personalizations) > MAX_PERSONALIZATIONS:
        errors.add(
            f"You may not include more than {MAX_PERSONALIZATIONS} personalizations per request.",
            "personalizations",
            "message.personalizations",
        )
        return False
    all_have_subject = True
    total_recipients = 0
    for index, item in enumerate(personalizations):
        path = f"personalizations.{index}"
        if not isinstance(item, dict):
            errors.add(f"Invalid type. Expected: object, given: {type_name(item)}.", path, "message.personalizations")
            all_have_subject = False
            continue
        total_recipients += _check_envelope(item, path, errors)
        subject = item.get("subject")
        if subject is None:
            all_have_subject = False
        elif not isinstance(subject, str) or not subject:
            errors.add(
                "The subject must be a string at least one character in length.", f"{path}.subject", "message.subject"
            )
        if item.get("from") is not None:
            check_address(item["from"], f"{path}.from", errors)
        check_headers(item.get("headers"), f"{path}.headers", errors)
        check_substitutions(item.get("substitutions"), f"{path}.substitutions", errors)
        envelope_args = check_custom_args(item.get("custom_args"), f"{path}.custom_args", errors)
        check_custom_args_size(message_args, envelope_args, path, errors)
        check_send_at(item.get("send_at"), f"{path}.send_at", now, errors)
        if item.get("dynamic_template_data") is not None and not isinstance(item["dynamic_template_data"], dict):
            errors.add("Invalid type. Expected: object.", f"{path}.dynamic_template_data", "message.personalizations")
    if total_recipients > MAX_RECIPIENTS:
        errors.add(
            f"The total number of recipients must be no more than {MAX_RECIPIENTS}. This includes all "
            "recipients defined within the to, cc, and bcc parameters, across each object that you "
            "include in the personalizations array.",
            "personalizations",
            "message.recipient-limit",
        )
    return all_have_subject


def _check_envelope(item: dict[str, Any], path: str, errors: Errors) -> int:
    """Check to, cc and bcc of one personalization; return how many recipients it names."""
    to = item.get("to")
    if not isinstance(to, list) or not to:
        errors.add(
            "The to array is required for all personalization objects, and must have at least one "
            "email object with a valid email address.",
            f"{path}.to",
            "message.personalizations.to",
        )
    seen: set[str] = set()
    count = 0
    for kind in ("to", "cc", "bcc"):
        addresses = item.get(kind)
        if addresses is None or (kind == "to" and not isinstance(addresses, list)):
            continue
        if not isinstance(addresses, list):
            errors.add(
                f"Invalid type. Expected: array, given: {type_name(addresses)}.",
                f"{path}.{kind}",
                "message.personalizations",
            )
            continue
        count += len(addresses)
        for position, address in enumerate(addresses):
            email = check_address(address, f"{path}.{kind}.{position}", errors)
            if email is None:
                continue
            if email.lower() in seen:
                errors.add(
                    "Each email address in the personalization block should be unique between to, cc, "
                    f"and bcc. We found the first duplicate instance of [{email}] in the {path}.{kind} field.",
                    f"{path}.{kind}",
                    "message.recipient-duplicates",
                )
            seen.add(email.lower())
    return count
