"""Pages and answers with personal or health data: no browser or proxy may keep a copy."""

from __future__ import annotations

from flask import Blueprint, Response


def install_no_store(bp: Blueprint) -> None:
    """Send Cache-Control: no-store on every answer of `bp`, refusals and redirects included."""

    @bp.after_request
    def _no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response
