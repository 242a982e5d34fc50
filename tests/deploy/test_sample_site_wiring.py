"""make run's sample clinic site works out of the box: the Procfile serves it where dev.env's CORS allowlist expects."""

from __future__ import annotations

import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import requests

from tools.sample_clinic_site import handler_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_procfile_serves_the_sample_site_on_the_origin_dev_env_allows() -> None:
    """The sample-site process listens on the port whose origin dev.env's CORS_ORIGINS names."""
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    (port,) = re.findall(r"^sample-site: python -m tools\.sample_clinic_site --port (\d+)$", procfile, re.M)
    (origins,) = re.findall(r"^CORS_ORIGINS=(.*)$", (ROOT / "dev.env").read_text(encoding="utf-8"), re.M)
    assert f"http://127.0.0.1:{port}" in origins.split()


def test_the_sample_page_carries_the_snippet_from_the_clinic_system() -> None:
    """The page loads /embed/cta.js from the system's address and holds the box the script fills."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for("http://127.0.0.1:8000/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = requests.get(base + "/", timeout=5)
        assert page.status_code == 200
        assert '<script src="http://127.0.0.1:8000/embed/cta.js" async></script>' in page.text
        assert "<div data-clinic-cta" in page.text
        assert requests.get(base + "/other", timeout=5).status_code == 404
    finally:
        server.shutdown()
