"""A flask-smorest Blueprint whose broken JSON bodies are a 422, like every other invalid input."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import flask
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser


class JsonBodyParser(FlaskParser):
    """Answer an unreadable JSON body with 422 and a field error, never 400 or 500."""

    DEFAULT_VALIDATION_STATUS = 422

    def _handle_invalid_json_error(
        self, error: json.JSONDecodeError | UnicodeDecodeError, req: flask.Request, *args: Any, **kwargs: Any
    ) -> NoReturn:
        abort(422, message="The request body is not valid JSON.", errors={"json": ["Send a JSON object."]})
        raise AssertionError("abort raises")  # flask-smorest's abort is not typed as never returning


class ApiBlueprint(Blueprint):
    """The leads API's blueprint type."""

    ARGUMENTS_PARSER = JsonBodyParser()


def nest(paths: dict[str, list[str]]) -> dict[str, Any]:
    """Turn {"instruments.phq9.3": [...]} into nested field errors like marshmallow's."""
    tree: dict[str, Any] = {}
    for path, messages in paths.items():
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if isinstance(child, list):
                child = node[part] = {"_errors": child}
            node = child
        if isinstance(node.get(leaf), dict):
            node[leaf].setdefault("_errors", []).extend(messages)
        else:
            node.setdefault(leaf, []).extend(messages)
    return tree
