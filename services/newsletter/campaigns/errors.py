"""A refusal from campaign work, carrying the HTTP status and field errors the edge should answer with."""

from __future__ import annotations


class CampaignError(Exception):
    """The campaign action cannot be done as asked."""

    def __init__(self, status: int, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}
