"""/admin/staff: invite through to an authenticator, roles, disable, reset, and the rules that guard them."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask

from gateway.staff.bootstrap import Staff
from services.kit.db_types import utcnow
from tests.gateway_admin.conftest import SignedIn, audit_entries, invite_link, queued_mail, sign_in_as
from tests.gateway_staff.pages import hidden_fields, sign_in_through_page

NEW_PASSWORD = "a fresh long passphrase"
SECRET = re.compile(r'<code class="secret-key" id="secret-key">([A-Z2-7 ]+)</code>')


def _invite(admin: SignedIn, email: str = "Nurse@Clinic.example", roles: tuple[str, ...] = ("clinician",)):
    """Send the invitation form."""
    return admin.post("/admin/staff/invite", email=email, roles=list(roles), reason="New nurse starting Monday")


def _path_and_query(url: str) -> str:
    """The part of a link the test client opens."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _accept(client, link: str):
    """Choose a password from the invitation; return the enrolment page."""
    page = client.get(_path_and_query(link))
    assert page.status_code == 200
    form = {**hidden_fields(page.get_data(as_text=True)), "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    chosen = client.post("/staff/welcome", data=form)
    assert chosen.status_code == 303 and chosen.headers["Location"].startswith("/staff/enrol?t=")
    return client.get(chosen.headers["Location"])


def _enrol(client, enrol_page) -> str:
    """Confirm the offered secret with its current code; return the secret."""
    html = enrol_page.get_data(as_text=True)
    secret = SECRET.search(html).group(1).replace(" ", "")  # type: ignore[union-attr]
    form = {**hidden_fields(html), "totp": pyotp.TOTP(secret).now()}
    done = client.post("/staff/enrol", data=form)
    assert done.status_code == 303 and done.headers["Location"] == "/staff/login?enrolled=1"
    return secret


def _next_code(secret: str) -> str:
    """The code of the next 30-second step (the current one was spent confirming)."""
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))


def test_an_invited_person_sets_a_password_and_an_authenticator_then_signs_in(gateway: Flask, admin: SignedIn):
    """Invite → one email through the outbox → password → QR code and key → first code → sign-in with a code."""
    sent = _invite(admin)
    assert sent.status_code == 303 and sent.headers["Location"] == "/admin/staff?done=invited"
    mail = queued_mail(gateway)
    assert len(mail) == 1 and mail[0]["recipients"][0]["email"] == "nurse@clinic.example"
    assert mail[0]["categories"] == ["staff-invite"]
    link = invite_link(mail[0])
    assert "72 hours" in mail[0]["text"]

    person = gateway.test_client()
    enrol_page = _accept(person, link)
    html = enrol_page.get_data(as_text=True)
    assert enrol_page.headers["Cache-Control"] == "no-store"
    assert "<svg" in html and "QR code for your authenticator app" in html  # drawn here, no image from elsewhere
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    # Signing in is not possible before the authenticator is confirmed.
    early = sign_in_through_page(gateway.test_client(), "nurse@clinic.example", NEW_PASSWORD)
    assert early.status_code == 303 and early.headers["Location"].startswith("/staff/enrol?t=")

    secret = _enrol(person, enrol_page)
    assert "Your authenticator app is set up" in person.get("/staff/login?enrolled=1").get_data(as_text=True)
    signed = sign_in_through_page(person, "nurse@clinic.example", NEW_PASSWORD, totp=_next_code(secret))
    assert signed.status_code == 303 and signed.headers["Location"] == "/staff"
    actions = [row.action for row in audit_entries(gateway)]
    assert {"staff.invited", "staff.password_set", "staff.totp_enrolled", "staff.signed_in"} <= set(actions)
    invited = audit_entries(gateway, "staff.invited")[0]
    assert invited.actor == f"staff:{admin.user_id}" and "New nurse starting Monday" in invited.reason


def test_an_invitation_link_works_once(gateway: Flask, admin: SignedIn):
    """After the password is chosen the same link answers 410 with a way forward, and changes nothing."""
    _invite(admin)
    link = invite_link(queued_mail(gateway)[0])
    person = gateway.test_client()
    _accept(person, link)
    again = person.get(_path_and_query(link))
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    form = {"t": urlsplit(link).query[2:], "password": "another long passphrase", "password_again": "x"}
    assert person.post("/staff/welcome", data=form).status_code == 410
    tampered = person.get(_path_and_query(link)[:-3] + "abc")
    assert tampered.status_code == 410


def test_the_password_form_refuses_short_or_mismatched_passwords(gateway: Flask, admin: SignedIn):
    """A short password or a mismatch answers 422 in the page, and the link still works."""
    _invite(admin)
    link = invite_link(queued_mail(gateway)[0])
    person = gateway.test_client()
    fields = hidden_fields(person.get(_path_and_query(link)).get_data(as_text=True))
    short = person.post("/staff/welcome", data={**fields, "password": "short", "password_again": "short"})
    assert short.status_code == 422 and "at least 12 characters" in short.get_data(as_text=True)
    mismatch = person.post("/staff/welcome", data={**fields, "password": NEW_PASSWORD, "password_again": "nope"})
    assert mismatch.status_code == 422 and "not the same" in mismatch.get_data(as_text=True)
    assert person.get(_path_and_query(link)).status_code == 200


def test_a_wrong_first_code_keeps_the_same_secret_and_enrols_nothing(gateway: Flask, admin: SignedIn):
    """A wrong or malformed code answers 422 with the same key shown again; the account stays unenrolled."""
    _invite(admin)
    person = gateway.test_client()
    page = _accept(person, invite_link(queued_mail(gateway)[0]))
    html = page.get_data(as_text=True)
    secret = SECRET.search(html).group(1)  # type: ignore[union-attr]
    wrong_code = "000000" if pyotp.TOTP(secret.replace(" ", "")).now() != "000000" else "111111"
    for code in (wrong_code, "12ab", ""):
        answer = person.post("/staff/enrol", data={**hidden_fields(html), "totp": code})
        assert answer.status_code == 422
        assert secret in answer.get_data(as_text=True)
    staff: Staff = gateway.extensions["staff"]
    with staff.db.transaction() as session:
        user = staff.accounts.store.by_email(session, "nurse@clinic.example")
    assert user is not None and user.totp_secret is None and user.enrolment_due


@pytest.mark.parametrize(
    ("form", "field_message"),
    [
        ({"email": "not-an-address", "roles": ["clinician"], "reason": "New nurse"}, "whole email address"),
        ({"email": "a@clinic.example", "roles": [], "reason": "New nurse"}, "at least one role"),
        ({"email": "a@clinic.example", "roles": ["clinician"], "reason": "  "}, "Say why"),
        ({"email": "a@clinic.example", "roles": ["owner"], "reason": "New nurse"}, "unknown role"),
        ({"email": "a" * 250 + "@clinic.example", "roles": ["clinician"], "reason": "New nurse"}, "at most 254"),
        ({"email": "a@clinic.example", "roles": ["clinician"], "reason": "x" * 501}, "under 500 characters"),
        ({"email": "a@clinic.example", "roles": ["clinician"], "reason": "New\x00nurse"}, "punctuation only"),
    ],
)
def test_a_bad_invitation_answers_the_page_with_the_field_error_and_sends_nothing(
    gateway: Flask, admin: SignedIn, form: dict, field_message: str
):
    """Each bad field gets 422 with its message in the page; no account, no email."""
    answer = admin.post("/admin/staff/invite", **form)
    assert answer.status_code == 422
    assert field_message in answer.get_data(as_text=True)
    assert queued_mail(gateway) == []
    staff: Staff = gateway.extensions["staff"]
    assert [user.email for user in staff.accounts.list_users()] == [admin.email]


def test_inviting_an_address_already_in_use_is_refused(gateway: Flask, admin: SignedIn):
    """The same address twice: 422 with the field error, one email only."""
    _invite(admin)
    again = _invite(admin, email="nurse@clinic.example")
    assert again.status_code == 422 and "already exists" in again.get_data(as_text=True)
    assert len(queued_mail(gateway)) == 1


def test_the_list_shows_each_account_in_words_and_eastern_time(gateway: Flask, admin: SignedIn):
    """Email, roles, authenticator state, enabled and the last sign-in in Eastern time; never None."""
    _invite(admin, roles=("clinician", "marketer"))
    staff: Staff = gateway.extensions["staff"]
    with staff.db.transaction() as session:
        staff.accounts.store.change(session, admin.user_id, last_login_at=utcnow().replace(hour=15, minute=4))
    page = admin.client.get("/admin/staff")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "nurse@clinic.example" in html and "Clinician, marketer" in html
    assert "Invited: not set up yet" in html and "Never" in html
    assert re.search(r"1[01]:04 AM E[SD]T", html)
    assert "None" not in html and "staff_user" not in html
    assert audit_entries(gateway, "staff.users_listed")
    with staff.db.transaction() as session:
        staff.accounts.store.change(session, admin.user_id, locked_until=utcnow() + timedelta(minutes=15))
    assert "Locked after failed sign-ins until" in admin.client.get("/admin/staff").get_data(as_text=True)


def test_roles_change_with_a_reason_and_an_audit_entry(gateway: Flask, admin: SignedIn):
    """Changing roles needs a reason; the change and its reason are audited."""
    other = sign_in_as(gateway, "clinician")
    refused = admin.post(f"/admin/staff/{other.user_id}/roles", roles=["marketer"], reason="")
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    changed = admin.post(f"/admin/staff/{other.user_id}/roles", roles=["marketer"], reason="Moved to marketing")
    assert changed.status_code == 303
    staff: Staff = gateway.extensions["staff"]
    with staff.db.transaction() as session:
        assert staff.accounts.store.by_id(session, other.user_id).roles == ("marketer",)  # type: ignore[union-attr]
    entry = audit_entries(gateway, "staff.roles_changed")[-1]
    assert entry.target_id == str(other.user_id) and "Moved to marketing" in entry.reason


def test_the_last_admin_keeps_the_role_and_nobody_disables_themselves(gateway: Flask, admin: SignedIn):
    """Removing the only admin's role or disabling oneself is refused in the page; both work with another admin."""
    own_roles = admin.post(f"/admin/staff/{admin.user_id}/roles", roles=["clinician"], reason="Stepping back")
    assert own_roles.status_code == 422 and "last enabled administrator" in own_roles.get_data(as_text=True)
    own = admin.post(f"/admin/staff/{admin.user_id}/disable", reason="Leaving")
    assert own.status_code == 422 and "your own account" in own.get_data(as_text=True)
    second = sign_in_as(gateway, "admin")
    assert admin.post(f"/admin/staff/{second.user_id}/disable", reason="Left the clinic").status_code == 303
    demote = sign_in_as(gateway, "admin")
    assert (
        admin.post(f"/admin/staff/{demote.user_id}/roles", roles=["clinician"], reason="Back to nursing").status_code
        == 303
    )
    last = admin.post(f"/admin/staff/{admin.user_id}/roles", roles=["clinician"], reason="Stepping back")
    assert last.status_code == 422 and "last enabled administrator" in last.get_data(as_text=True)
    staff: Staff = gateway.extensions["staff"]
    with staff.db.transaction() as session:
        assert staff.accounts.store.by_id(session, admin.user_id).roles == ("admin",)  # type: ignore[union-attr]


def test_a_disabled_account_cannot_sign_in_until_enabled(gateway: Flask, admin: SignedIn):
    """Disable refuses sign-in; enable allows it again; both audited with their reasons."""
    other = sign_in_as(gateway, "clinician")
    assert admin.post(f"/admin/staff/{other.user_id}/disable", reason="On leave").status_code == 303
    assert sign_in_through_page(gateway.test_client(), other.email, "correct horse battery staple").status_code == 401
    assert admin.post(f"/admin/staff/{other.user_id}/enable", reason="Back from leave").status_code == 303
    assert sign_in_through_page(gateway.test_client(), other.email, "correct horse battery staple").status_code == 303
    reasons = [row.reason for row in audit_entries(gateway) if row.action in ("staff.disabled", "staff.enabled")]
    assert reasons == ["On leave", "Back from leave"]


def test_resetting_the_authenticator_forces_a_new_enrolment_at_the_next_sign_in(gateway: Flask, admin: SignedIn):
    """After a reset the right password leads to the enrolment step, whose code then signs in."""
    other = sign_in_as(gateway, "clinician")
    assert admin.post(f"/admin/staff/{other.user_id}/reset-totp", reason="Lost phone").status_code == 303
    client = gateway.test_client()
    step = sign_in_through_page(client, other.email, "correct horse battery staple")
    assert step.status_code == 303 and step.headers["Location"].startswith("/staff/enrol?t=")
    secret = _enrol(client, client.get(step.headers["Location"]))
    signed = sign_in_through_page(client, other.email, "correct horse battery staple", totp=_next_code(secret))
    assert signed.status_code == 303 and signed.headers["Location"] == "/staff"
    assert audit_entries(gateway, "staff.totp_reset")[0].reason == "Lost phone"


def test_an_unknown_account_is_a_404_page(admin: SignedIn):
    """A number with no account answers 404, for the page and for an action."""
    assert admin.client.get("/admin/staff/999999", headers={"Accept": "text/html"}).status_code == 404
    assert admin.post("/admin/staff/999999/disable", reason="Nobody here").status_code == 404
    beyond = "/admin/staff/" + "9" * 30
    assert admin.client.get(beyond).status_code == 404
    assert admin.post(beyond + "/disable", reason="Nobody here").status_code == 404
    assert admin.post("/admin/dead-letters/leads/" + "9" * 30 + "/retry").status_code == 404


def test_a_disabled_admin_s_open_sign_in_can_no_longer_administer(gateway: Flask, admin: SignedIn):
    """Disabling an admin stops their still-valid token at the staff pages at once, not when it expires."""
    second = sign_in_as(gateway, "admin")
    assert admin.post(f"/admin/staff/{second.user_id}/disable", reason="Left the clinic").status_code == 303
    assert second.client.get("/admin/staff").status_code == 403
    refused = second.post(f"/admin/staff/{admin.user_id}/disable", reason="Revenge")
    assert refused.status_code == 403
    assert [row.reason for row in audit_entries(gateway, "staff.disabled")] == ["Left the clinic"]


def test_a_new_set_up_link_replaces_a_lost_invitation_or_a_forgotten_password(gateway: Flask, admin: SignedIn):
    """The old link and password stop working; the new email's link sets both up again; a reason is required."""
    _invite(admin)
    staff: Staff = gateway.extensions["staff"]
    with staff.db.transaction() as session:
        nurse = staff.accounts.store.by_email(session, "nurse@clinic.example")
    assert nurse is not None
    first_link = invite_link(queued_mail(gateway)[0])
    refused = admin.post(f"/admin/staff/{nurse.id}/send-link", reason="")
    assert refused.status_code == 422 and len(queued_mail(gateway)) == 1
    assert admin.post(f"/admin/staff/{nurse.id}/send-link", reason="Invitation expired").status_code == 303
    mail = queued_mail(gateway)
    assert len(mail) == 2
    person = gateway.test_client()
    assert person.get(_path_and_query(first_link)).status_code == 410
    secret = _enrol(person, _accept(person, invite_link(mail[1])))
    signed = sign_in_through_page(person, "nurse@clinic.example", NEW_PASSWORD, totp=_next_code(secret))
    assert signed.status_code == 303 and signed.headers["Location"] == "/staff"
    # Later she forgets her password: a new link makes the old one useless.
    assert admin.post(f"/admin/staff/{nurse.id}/send-link", reason="Forgot her password").status_code == 303
    assert sign_in_through_page(gateway.test_client(), "nurse@clinic.example", NEW_PASSWORD).status_code == 401
    assert [row.reason for row in audit_entries(gateway, "staff.link_sent")] == [
        "Invitation expired",
        "Forgot her password",
    ]


def test_a_disabled_account_gets_no_set_up_link(gateway: Flask, admin: SignedIn):
    """Sending a link to a disabled account is refused in the page and sends nothing."""
    other = sign_in_as(gateway, "marketer")
    admin.post(f"/admin/staff/{other.user_id}/disable", reason="On leave")
    refused = admin.post(f"/admin/staff/{other.user_id}/send-link", reason="Back soon")
    assert refused.status_code == 422 and "Enable the account first" in refused.get_data(as_text=True)
    assert queued_mail(gateway) == []


def test_guessing_first_codes_is_limited_per_address(gateway_db: str):
    """The enrolment and password steps share the sign-in limit: past it they answer 429."""
    from gateway.app import create_app
    from tests.gateway_admin.conftest import gateway_env

    env = {**gateway_env(gateway_db), "AUTH_LIMIT": "3/minute", "RATELIMIT_STORAGE_URI": "memory://"}
    app = create_app(env)
    client = app.test_client()
    answers = [client.post("/staff/enrol", data={"t": "guess", "totp": "123456"}).status_code for _ in range(3)]
    assert answers == [410, 410, 410]
    assert client.post("/staff/enrol", data={"t": "guess", "totp": "654321"}).status_code == 429
    assert client.post("/staff/welcome", data={"t": "guess", "password": "x" * 20}).status_code == 429
    app.extensions["staff"].db.dispose()
