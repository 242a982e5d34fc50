"""JSON bodies whose strings cannot be stored as text are refused as bad input, not failed on."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request

from services.kit.errors import error_response

MESSAGE = "Text must be valid Unicode: a JSON string holds a lone surrogate escape (such as \\ud800)."


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string in a decoded JSON value holds a UTF-16 surrogate no encoding can store."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


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
        if _has_lone_surrogate(body):
            return error_response(422, MESSAGE, {"json": {"_schema": [MESSAGE]}})
        return None
