"""The gateway's own pages: the landing page and the shared stylesheet under /assets."""

from __future__ import annotations

from flask import Flask, render_template


def install_pages(app: Flask) -> None:
    """Serve the landing page (the stylesheet is the app's static folder, mounted at /assets)."""

    @app.get("/")
    def landing() -> str:
        """Welcome visitors and point them to the assessment, the newsletter and the membership."""
        return render_template("landing.html")
