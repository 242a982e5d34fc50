"""A database that cannot be reached is a clean 503 in the error shape, with Retry-After, never a 500."""

from __future__ import annotations

import pytest

from services.kit.db import Database
from tests.kit import sample_service
from tests.support.servers import free_port

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(service_env):
    """The sample service with routes whose database is a PostgreSQL port nobody listens on."""
    app = sample_service.create_app({**service_env("billing"), "SAMPLE_SERVICE": "billing"})
    gone = Database(f"postgresql://root@127.0.0.1:{free_port()}/gone")
    app.add_url_rule("/api/billing/records", "records", lambda: str(gone.ping()))
    app.add_url_rule("/billing/form", "form", lambda: str(gone.ping()), methods=["POST"])
    yield app.test_client()
    gone.dispose()
    app.extensions["container"].db.dispose()


def test_an_api_caller_gets_503_in_the_error_shape(client):
    """JSON callers get 503, the four-key shape, a message saying nothing was saved, and when to retry."""
    answer = client.get("/api/billing/records")
    assert answer.status_code == 503
    body = answer.get_json()
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == 503
    assert "nothing was saved" in body["message"]
    assert answer.headers["Retry-After"] == "5"
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_browser_gets_a_503_page_saying_to_try_again(client):
    """A person posting a form while the database is away reads a page, not JSON or a traceback."""
    answer = client.post("/billing/form", headers=BROWSER)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 503 and answer.mimetype == "text/html"
    assert "It was not saved. Please try again in a minute." in html
    assert "OperationalError" not in html and '"code"' not in html
    assert answer.headers["Retry-After"] == "5"
