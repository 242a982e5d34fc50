"""The <lead_id:...> URL converter: only well-formed UUIDs reach a view, as text."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api
from werkzeug.routing import BaseConverter


class LeadIdConverter(BaseConverter):
    """Match a lead id (a UUID in its canonical form); anything else is a 404."""

    regex = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value: str) -> str:
        """Keep the id as lower-case text."""
        return value.lower()


def install_lead_id_converter(app: Flask, api: Api) -> None:
    """Make <lead_id:name> available to routes and documented in OpenAPI."""
    app.url_map.converters["lead_id"] = LeadIdConverter
    api.register_converter(LeadIdConverter, lambda _converter: {"type": "string", "format": "uuid"})
