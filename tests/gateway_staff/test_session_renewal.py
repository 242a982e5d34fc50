"""Renewing a staff sign-in: a fresh lifetime while the working day lasts, the same CSRF value, then sign in again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.staff.bootstrap import Staff
from services.kit.db_types import utcnow
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import COOKIE, TokenVerifier
from tests.gateway_staff.pages import set_cookies, sign_in_through_page

VERIFY = TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM)


def _token(client: FlaskClient) -> str:
    """The staff token the browser holds now."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


@pytest.fixture
def short_app(make_app, make_settings) -> Flask:
    """Tokens of 60 seconds within a session of 10 minutes."""
    return make_app(make_settings(staff_token_ttl_seconds=60, staff_session_max_seconds=600))


@pytest.fixture
def day_app(make_app, make_settings) -> Flask:
    """Tokens of 15 minutes within a session of 10 minutes, so the session's end is what stops them."""
    return make_app(make_settings(staff_token_ttl_seconds=900, staff_session_max_seconds=600))


def test_renewal_gives_a_fresh_lifetime_and_keeps_the_csrf_value_of_the_open_pages(short_app, member):
    """The renewed cookie expires later than the first; forms already on screen keep working."""
    client = short_app.test_client()
    alice = member("clinician")
    staff: Staff = short_app.extensions["staff"]
    staff.sign_in.clock = lambda: utcnow() - timedelta(seconds=30)  # signed in half a lifetime ago
    sign_in_through_page(client, alice.email, alice.password)
    first = VERIFY.verify(_token(client))
    answer = client.post("/staff/session/renew", headers={"X-CSRF-Token": first.csrf})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    renewed = VERIFY.verify(_token(client))
    assert renewed.expires_at >= first.expires_at + 29
    assert renewed.csrf == first.csrf and renewed.subject == first.subject
    assert renewed.session_ends_at == first.session_ends_at
    assert answer.get_json() == {"expires_at": renewed.expires_at, "session_ends_at": renewed.session_ends_at}
    (cookie,) = set_cookies(answer, COOKIE)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_renewal_needs_the_pages_csrf_value_and_a_sign_in(short_app, member):
    """Without the header it is a 403; without a cookie a 401 in the JSON error shape."""
    client = short_app.test_client()
    refused = client.post("/staff/session/renew")
    assert refused.status_code == 401 and refused.get_json()["message"].startswith("Your sign-in has ended")
    alice = member("clinician")
    sign_in_through_page(client, alice.email, alice.password)
    before = _token(client)
    wrong = client.post("/staff/session/renew", headers={"X-CSRF-Token": "not-it"})
    assert wrong.status_code == 403 and _token(client) == before


def test_the_working_day_limit_ends_renewals_and_asks_for_a_fresh_sign_in(day_app, member):
    """Near the limit renewal reaches only the session's end, past it renewal is refused; a new sign-in starts anew."""
    client = day_app.test_client()
    alice = member("clinician")
    staff: Staff = day_app.extensions["staff"]
    staff.sign_in.clock = lambda: utcnow() - timedelta(seconds=570)  # 30 seconds before the end of the day
    sign_in_through_page(client, alice.email, alice.password)
    first = VERIFY.verify(_token(client))
    assert first.expires_at == first.session_ends_at
    near = client.post("/staff/session/renew", headers={"X-CSRF-Token": first.csrf})
    assert near.status_code == 200 and near.get_json()["expires_at"] == first.session_ends_at
    assert int(near.headers["Set-Cookie"].split("Max-Age=")[1].split(";")[0]) <= 31
    staff.renew.clock = lambda: utcnow() + timedelta(seconds=31)
    over = client.post("/staff/session/renew", headers={"X-CSRF-Token": first.csrf})
    assert over.status_code == 401 and "full working day" in over.get_json()["message"]
    client.delete_cookie(COOKIE)  # what the browser does when the cookie's Max-Age runs out
    assert client.get("/staff").headers["Location"] == "/staff/login"
    staff.sign_in.clock = utcnow
    sign_in_through_page(client, alice.email, alice.password)
    assert VERIFY.verify(_token(client)).session_ends_at >= first.session_ends_at + 569


def test_a_disabled_account_cannot_renew(short_app, member):
    """Renewal reads the account again: once disabled, the next renewal is refused."""
    client = short_app.test_client()
    alice = member("clinician")
    sign_in_through_page(client, alice.email, alice.password)
    csrf = VERIFY.verify(_token(client)).csrf
    short_app.extensions["staff"].accounts.set_active(alice.email, False)
    assert client.post("/staff/session/renew", headers={"X-CSRF-Token": csrf}).status_code == 401


def test_tokens_name_the_person_and_older_tokens_still_read(short_app, member):
    """The name claim is the email's local part when there is no other; a token without one falls back to it."""
    client = short_app.test_client()
    alice = member("marketer")
    sign_in_through_page(client, alice.email, alice.password)
    identity = VERIFY.verify(_token(client))
    assert identity.name == alice.email.partition("@")[0] and identity.display_name == identity.name
    staff: Staff = short_app.extensions["staff"]
    bare = staff.issuer.issue("staff:9", ("marketer",))
    old = VERIFY.verify(bare.token)
    assert old.name == "" and old.display_name == "Staff member #9"
