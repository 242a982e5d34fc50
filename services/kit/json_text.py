"""JSON bodies whose strings cannot be stored as text (NUL, lone surrogates) are refused as bad input."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request
from flask_smorest import Api

from services.kit.errors import error_response

MESSAGE = "Please remove control characters: this text holds a NUL or a broken character."


def _unstorable(text: str) -> bool:
    """Whether a string holds NUL or a UTF-16 surrogate, which no database text column stores."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _field_errors(value: Any) -> Any:
    """Errors shaped like marshmallow's (field, then nested field or list index) for each unstorable string."""
    if isinstance(value, str):
        return [MESSAGE] if _unstorable(value) else None
    if isinstance(value, dict):
        found = {}
        for key, item in value.items():
            errors = [MESSAGE] if _unstorable(str(key)) else _field_errors(item)
            if errors:
                found[str(key)] = errors
        return found or None
    if isinstance(value, list):
        found_items = {index: errors for index, item in enumerate(value) if (errors := _field_errors(item))}
        return found_items or None
    return None


def install_json_text_guard(app: Flask) -> None:
    """Answer 422 in the error shape for a JSON body carrying unstorable text, before any view sees it."""

    @app.before_request
    def _refuse_unstorable_text() -> Response | None:
        if not request.is_json or b"\\u" not in request.get_data(cache=True)[:1_048_576]:
            return None
        try:
            body = json.loads(request.get_data(cache=True))
        except ValueError:
            return None  # the view's own parsing answers malformed JSON
        errors = _field_errors(body)
        if errors:
            return error_response(422, MESSAGE, {"json": errors if isinstance(errors, dict) else {"_schema": errors}})
        return None


# NUL is the one character the rule above refuses that a document can name (a lone surrogate is not
# valid JSON text to begin with).
NO_NUL_PATTERN = r"^[^\u0000]*$"


def _no_nul(converter: Any, field: Any, ret: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Document the rule on plain string fields that state no pattern, format or choices of their own."""
    plain = ret.get("type") in ("string", ["string", "null"]) and not {"pattern", "format", "enum"} & set(ret)
    return {"pattern": NO_NUL_PATTERN} if plain else {}


def document_json_text_rule(api: Api) -> None:
    """Say in the OpenAPI document that JSON strings may not hold NUL."""
    api.ma_plugin.converter.add_attribute_function(_no_nul)
