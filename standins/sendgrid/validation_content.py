"""Checks of a mail/send body's content blocks, categories and attachments."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from standins.sendgrid.field_errors import Errors, type_name

MAX_CATEGORIES = 10
MAX_CATEGORY_LENGTH = 255


def check_content(content: Any, has_template: bool, errors: Errors) -> None:
    """Require content unless a template is used; text/plain must come before text/html."""
    if content is None and has_template:
        return
    if not isinstance(content, list) or not content:
        errors.add(
            "Unless a valid template_id is provided, the content parameter is required. There must be "
            "at least one defined content block. We typically suggest both text/plain and text/html "
            "blocks are included, but only one block is required.",
            "content",
            "message.content",
        )
        return
    types: list[str] = []
    for index, block in enumerate(content):
        path = f"content.{index}"
        if not isinstance(block, dict):
            errors.add(f"Invalid type. Expected: object, given: {type_name(block)}.", path, "message.content")
            continue
        kind, value = block.get("type"), block.get("value")
        if not isinstance(kind, str) or not kind or any(c in kind for c in ";\r\n"):
            errors.add(
                "The content type must be a string at least one character in length.",
                f"{path}.type",
                "message.content.type",
            )
        elif kind.lower() in types:
            errors.add(f"The content type {kind} may only be provided once.", f"{path}.type", "message.content.type")
        else:
            types.append(kind.lower())
        if not isinstance(value, str) or not value:
            errors.add(
                "The content value must be a string at least one character in length.",
                f"{path}.value",
                "message.content.value",
            )
    expected = [kind for kind in ("text/plain", "text/html") if kind in types]
    if types[: len(expected)] != expected:
        errors.add(
            "If present, text/plain and text/html may only be provided in this order: text/plain, text/html.",
            "content",
            "message.content.type",
        )


def check_categories(categories: Any, errors: Errors) -> None:
    """At most ten unique categories of at most 255 characters."""
    if categories is None:
        return
    if not isinstance(categories, list):
        errors.add(
            f"Invalid type. Expected: array, given: {type_name(categories)}.", "categories", "message.categories"
        )
        return
    if len(categories) > MAX_CATEGORIES:
        errors.add(
            f"Too many categories. You may include at most {MAX_CATEGORIES} categories per message.",
            "categories",
            "message.categories",
        )
    for index, category in enumerate(categories):
        if not isinstance(category, str) or not category:
            errors.add("A category must be a non-empty string.", f"categories.{index}", "message.categories")
        elif len(category) > MAX_CATEGORY_LENGTH:
            errors.add(
                f"A category cannot be more than {MAX_CATEGORY_LENGTH} characters.",
                f"categories.{index}",
                "message.categories",
            )
    if all(isinstance(c, str) for c in categories) and len(set(categories)) != len(categories):
        errors.add("Categories must be unique.", "categories", "message.categories")


def check_attachments(attachments: Any, errors: Errors) -> None:
    """Each attachment needs base64 content and a filename; inline ones need a content_id."""
    if attachments is None:
        return
    if not isinstance(attachments, list):
        errors.add(
            f"Invalid type. Expected: array, given: {type_name(attachments)}.", "attachments", "message.attachments"
        )
        return
    for index, item in enumerate(attachments):
        path = f"attachments.{index}"
        if not isinstance(item, dict):
            errors.add(f"Invalid type. Expected: object, given: {type_name(item)}.", path, "message.attachments")
            continue
        if not _is_base64(item.get("content")):
            errors.add(
                "The attachment content must be base64 encoded.", f"{path}.content", "message.attachments.content"
            )
        if not isinstance(item.get("filename"), str) or not item["filename"]:
            errors.add(
                "The attachment filename parameter is required.", f"{path}.filename", "message.attachments.filename"
            )
        kind = item.get("type")
        if kind is not None and (not isinstance(kind, str) or not kind or any(c in kind for c in ";\r\n")):
            errors.add(
                "The attachment type must be a MIME type without ';' or line breaks.",
                f"{path}.type",
                "message.attachments.type",
            )
        disposition = item.get("disposition", "attachment")
        if disposition not in ("inline", "attachment"):
            errors.add(
                "The disposition must be either inline or attachment.",
                f"{path}.disposition",
                "message.attachments.disposition",
            )
        elif disposition == "inline" and not item.get("content_id"):
            errors.add(
                "The content_id parameter is required if your attachment has an inline disposition.",
                f"{path}.content_id",
                "message.attachments.content_id",
            )


def _is_base64(value: Any) -> bool:
    """Tell whether a value is a non-empty base64 string (line breaks allowed)."""
    if not isinstance(value, str) or not value:
        return False
    try:
        base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True
