"""The staff sign-in page: accessible form, CSRF-checked, token kept in a locked-down cookie."""

from __future__ import annotations

from gateway.staff.form_csrf import COOKIE as FORM_COOKIE
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import COOKIE, TokenVerifier
from tests.gateway_staff.pages import hidden_fields, set_cookies, sign_in_through_page


def test_the_form_has_labels_autocomplete_and_its_own_csrf_pair(client):
    """Each input is labelled and tells password managers what it is; a CSRF cookie and field come with it."""
    page = client.get("/staff/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    for name, autocomplete in (("email", "username"), ("password", "current-password"), ("totp", "one-time-code")):
        assert f'<label for="{name}">' in html
        assert f'id="{name}" name="{name}" autocomplete="{autocomplete}"' in html
    assert hidden_fields(html)["csrf_token"]
    (cookie,) = set_cookies(page, FORM_COOKIE)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff/login" in cookie


def test_signing_in_sets_an_httponly_samesite_strict_cookie_and_goes_to_the_staff_home(client, member):
    """Success redirects to /staff with the token in a cookie scripts cannot read (not Secure in development)."""
    alice = member("clinician")
    response = sign_in_through_page(client, alice.email, alice.password)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff"
    (cookie,) = set_cookies(response, COOKIE)
    attributes = [part.strip() for part in cookie.split(";")]
    assert {"HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=900"} <= set(attributes)
    assert "Secure" not in attributes
    token = attributes[0].split("=", 1)[1]
    assert TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(token).subject == alice.subject


def test_in_production_the_cookies_are_also_secure(make_app, make_settings, member):
    """Production marks both the token cookie and the form cookie Secure."""
    client = make_app(make_settings(app_env="production", staff_totp_required=False)).test_client()
    alice = member()
    page = client.get("/staff/login")
    assert "Secure" in set_cookies(page, FORM_COOKIE)[0]
    response = sign_in_through_page(client, alice.email, alice.password)
    assert response.status_code == 303
    assert "; Secure" in set_cookies(response, COOKIE)[0]


def test_next_leads_only_into_admin_areas(client, member):
    """A local admin path is honoured; another site is replaced by the staff home."""
    alice = member()
    assert (
        sign_in_through_page(client, alice.email, alice.password, "?next=/admin/leads").headers["Location"]
        == "/admin/leads"
    )
    client.delete_cookie(COOKIE)
    evil = sign_in_through_page(client, alice.email, alice.password, "?next=https://evil.example/admin/leads")
    assert evil.headers["Location"] == "/staff"


def test_a_post_without_the_form_csrf_token_is_rejected(client, member):
    """Missing or forged CSRF values get 403 and no token cookie, even with the right password."""
    alice = member()
    client.get("/staff/login")
    missing = client.post("/staff/login", data={"email": alice.email, "password": alice.password})
    assert missing.status_code == 403
    assert not set_cookies(missing, COOKIE)
    forged = client.post("/staff/login", data={"email": alice.email, "password": alice.password, "csrf_token": "x.y.z"})
    assert forged.status_code == 403 and not set_cookies(forged, COOKIE)
    client.delete_cookie(FORM_COOKIE, path="/staff/login")
    page = client.get("/staff/login")
    field = hidden_fields(page.get_data(as_text=True))["csrf_token"]
    client.delete_cookie(FORM_COOKIE, path="/staff/login")
    no_cookie = client.post(
        "/staff/login", data={"email": alice.email, "password": alice.password, "csrf_token": field}
    )
    assert no_cookie.status_code == 403


def test_wrong_credentials_show_the_generic_message_and_keep_the_address(client, member):
    """The page answers 401 with the one message, refills the address, never the password."""
    alice = member()
    response = sign_in_through_page(client, alice.email, "a wrong password here")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "is not right" in html and 'role="alert"' in html
    assert f'value="{alice.email}"' in html
    assert "a wrong password here" not in html
    assert not set_cookies(response, COOKIE)


def test_field_problems_are_shown_beside_the_fields(client):
    """A malformed address gets 422 and an error tied to the email input."""
    response = sign_in_through_page(client, "not-an-address", "whatever")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in html and 'aria-describedby=" email-error-1"' in html


def test_an_account_with_totp_is_asked_for_its_code(client, member):
    """Without the code the page asks for it; with it the sign-in completes."""
    bob = member(with_totp=True)
    asked = sign_in_through_page(client, bob.email, bob.password)
    assert asked.status_code == 401 and "authenticator app" in asked.get_data(as_text=True)
    done = sign_in_through_page(client, bob.email, bob.password, totp=bob.code())
    assert done.status_code == 303


def test_the_staff_home_lists_the_areas_of_the_roles(client, member):
    """A marketer sees the newsletter area only; without a cookie the page sends you to sign in."""
    assert client.get("/staff").headers["Location"] == "/staff/login"
    marketer = member("marketer")
    sign_in_through_page(client, marketer.email, marketer.password)
    html = client.get("/staff").get_data(as_text=True)
    assert 'href="/admin/newsletter"' in html
    assert 'href="/admin/leads"' not in html and 'href="/admin/billing"' not in html


def test_signing_out_needs_the_token_csrf_value_and_clears_the_cookie(client, member):
    """Logout without the form's CSRF value is 403; with it the cookie is cleared."""
    alice = member()
    sign_in_through_page(client, alice.email, alice.password)
    assert client.post("/staff/logout").status_code == 403
    csrf = hidden_fields(client.get("/staff").get_data(as_text=True))["csrf_token"]
    response = client.post("/staff/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    (cleared,) = set_cookies(response, COOKIE)
    assert cleared.startswith(f"{COOKIE}=;") and "Max-Age=0" in cleared
    assert client.get("/staff").status_code == 303
