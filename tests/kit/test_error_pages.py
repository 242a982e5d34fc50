"""A person's browser gets an error page in the site layout; scripts and API callers keep the JSON shape."""

from __future__ import annotations

import pytest

from tests.kit import sample_service

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(service_env):
    """The sample service, with one page that fails unexpectedly and one that only takes POST."""
    app = sample_service.create_app({**service_env("billing"), "SAMPLE_SERVICE": "billing"})
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    app.add_url_rule("/form", "form", lambda: "sent", methods=["POST"])
    app.add_url_rule("/admin/thing", "admin_broken", lambda: 1 / 0)
    yield app.test_client()
    app.extensions["container"].db.dispose()


def test_a_mistyped_address_is_a_page_with_a_way_home_and_the_crisis_lines(client):
    """404 for a browser: the site layout, a link home, 911 and 988, never cached, never JSON."""
    answer = client.get("/no-such-page", headers=BROWSER)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert "We could not find that page" in html and 'href="/"' in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html and '"code"' not in html
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_wrong_method_and_a_server_error_are_pages_too(client):
    """405 keeps its Allow header; an unexpected exception is a 500 page without a traceback."""
    wrong = client.get("/form", headers=BROWSER)
    assert wrong.status_code == 405 and "That did not work from here" in wrong.get_data(as_text=True)
    assert "POST" in wrong.headers["Allow"]
    broken = client.get("/broken", headers=BROWSER)
    html = broken.get_data(as_text=True)
    assert broken.status_code == 500 and "Something went wrong on our side" in html
    assert "ZeroDivisionError" not in html and "Traceback" not in html


def test_staff_pages_lead_back_to_the_staff_home(client):
    """An error under /admin leads to /staff rather than the public crisis box."""
    html = client.get("/admin/thing", headers=BROWSER).get_data(as_text=True)
    assert 'href="/staff"' in html and "If you need help now" not in html


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/no-such-page", {}), ("/no-such-page", {"Accept": "application/json"}), ("/api/billing/nothing", BROWSER)],
)
def test_scripts_and_api_paths_keep_the_json_shape(client, path, headers):
    """No Accept, a JSON Accept, or any /api/ path: the one JSON error shape."""
    answer = client.get(path, headers=headers)
    assert answer.status_code == 404 and answer.get_json()["code"] == 404
