"""A service-style view behind require_roles, fed by tokens and cookies from the gateway's sign-in."""

from __future__ import annotations

from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import TokenVerifier
from tests.gateway_staff.pages import hidden_fields, sign_in_through_page

NOTES = "/admin/leads/notes"


def _token(client, member) -> str:
    """Get a bearer token for a staff member through /auth/token."""
    response = client.post("/auth/token", json={"email": member.email, "password": member.password})
    assert response.status_code == 200, response.json
    return str(response.json["token"])


def test_no_token_is_401_in_the_error_shape(client):
    """Without credentials the view answers 401 with code, status, message and errors."""
    response = client.get(NOTES)
    assert response.status_code == 401
    assert set(response.json) == {"code", "status", "message", "errors"}


def test_a_marketer_token_is_403_and_a_clinician_token_is_200(client, member):
    """Roles decide: marketers may not read leads, clinicians and admins may."""
    marketer, clinician, admin = member("marketer"), member("clinician"), member("admin")
    assert client.get(NOTES, headers={"Authorization": f"Bearer {_token(client, marketer)}"}).status_code == 403
    allowed = client.get(NOTES, headers={"Authorization": f"Bearer {_token(client, clinician)}"})
    assert allowed.status_code == 200
    assert allowed.json == {"staff": clinician.subject, "roles": ["clinician"]}
    assert client.get(NOTES, headers={"Authorization": f"Bearer {_token(client, admin)}"}).status_code == 200


def test_a_forged_bearer_token_is_401(client):
    """Garbage in the Authorization header counts as no sign-in."""
    assert client.get(NOTES, headers={"Authorization": "Bearer not.a.token"}).status_code == 401


def test_a_cookie_signed_post_needs_the_csrf_value_from_the_page(client, member):
    """With the sign-in cookie, a POST without csrf_token is 403 and with the token's value is 200."""
    clinician = member("clinician")
    assert sign_in_through_page(client, clinician.email, clinician.password).status_code == 303
    assert client.get(NOTES).status_code == 200
    assert client.post(NOTES, data={"note": "called back"}).status_code == 403
    csrf = hidden_fields(client.get("/staff").get_data(as_text=True))["csrf_token"]
    assert client.post(NOTES, data={"note": "called back", "csrf_token": "wrong"}).status_code == 403
    assert client.post(NOTES, data={"note": "called back", "csrf_token": csrf}).status_code == 200


def test_a_signed_in_token_names_the_staff_member_by_email_for_the_services_records(client, member):
    """The token from /auth/token carries the account's email, which services show instead of "staff:N"."""
    clinician = member("clinician")
    identity = TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(_token(client, clinician))
    assert identity.subject == clinician.subject and identity.email == clinician.email.lower()
