"""/embed/cta.js: the assessment button and Stay Informed form the clinic pastes into its existing site."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, send_from_directory

EMBED = Path(__file__).resolve().parent / "embed"


def install_embed(app: Flask) -> None:
    """Serve the call-to-action script other sites load."""

    @app.get("/embed/cta.js")
    def embed_cta() -> Response:
        """The script that draws the call to action where the clinic's snippet sits."""
        response = send_from_directory(EMBED, "cta.js", max_age=300)
        response.headers["Content-Type"] = "application/javascript; charset=utf-8"
        return response
