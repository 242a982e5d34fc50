"""Whole numbers in URLs bounded to what a database integer column holds, and documented so."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's `integer`: a larger id cannot exist, and asking the database for one is an error there.
STORED_INTEGER_MAX = 2**31 - 1


class StoredIntegerConverter(IntegerConverter):
    """An `<int:...>` part of a URL up to STORED_INTEGER_MAX; a larger number matches no route (404)."""

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits, min, STORED_INTEGER_MAX if max is None else max, signed)


def _parameter_schema(converter: StoredIntegerConverter) -> dict[str, Any]:
    """The OpenAPI schema of such a path parameter."""
    return {"type": "integer", "minimum": converter.min or 0, "maximum": converter.max}


def install_stored_integers(app: Flask, api: Api) -> None:
    """Make `<int:...>` bounded in `app` and say so in its OpenAPI document (before routes are added)."""
    app.url_map.converters["int"] = StoredIntegerConverter
    api.register_converter(StoredIntegerConverter, _parameter_schema)
