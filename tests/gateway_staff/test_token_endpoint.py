"""POST /auth/token: one answer for every wrong credential, TOTP, lock-out, renewal of old hashes."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pyotp
from argon2 import PasswordHasher
from sqlalchemy import select, update

from gateway.staff.bootstrap import Staff
from gateway.staff.tables import infra, staff_users
from services.kit.db_types import utcnow
from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.jsonlog import JsonFormatter
from services.kit.staff_auth import TokenVerifier
from tests.gateway_staff.conftest import CountingPasswords


def _sign_in(client, email: str, password: str, **extra: str):
    """Ask for a token."""
    return client.post("/auth/token", json={"email": email, "password": password, **extra})


def test_right_credentials_return_a_token_for_the_stable_subject_and_roles(client, member):
    """The token names staff:<id> (never the address) with the account's roles; expires_at is ISO 8601."""
    alice = member("clinician", "marketer")
    response = _sign_in(client, alice.email.upper(), alice.password)
    assert response.status_code == 200, response.json
    body = response.json
    assert set(body) == {"token", "expires_at"}
    assert response.headers["Cache-Control"] == "no-store"
    identity = TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(body["token"])
    assert identity.subject == alice.subject
    assert identity.roles == ("clinician", "marketer")
    assert alice.email not in body["token"]
    expires = utcnow().fromisoformat(body["expires_at"])
    assert timedelta(seconds=890) < expires - utcnow() <= timedelta(seconds=900)


def test_a_wrong_password_and_an_unknown_address_get_the_same_401(client, member):
    """Nobody can learn which addresses have accounts."""
    alice = member()
    wrong = _sign_in(client, alice.email, "not the password at all")
    unknown = _sign_in(client, "nobody-here@clinic.example", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json
    assert set(wrong.json) == {"code", "status", "message", "errors"}


def test_an_unknown_address_costs_a_password_check_like_a_known_one(client, member, staff: Staff):
    """Unknown addresses are checked against a stand-in hash, so timing does not reveal them."""
    alice = member()
    passwords = staff.sign_in.passwords
    assert isinstance(passwords, CountingPasswords)
    before = passwords.checks
    _sign_in(client, alice.email, "not the password at all")
    known = passwords.checks - before
    _sign_in(client, "nobody-here@clinic.example", "not the password at all")
    assert passwords.checks - before - known == known == 1


def test_malformed_requests_get_field_errors(client):
    """Unknown fields, a bad address and a missing password are 422 with the fields named."""
    response = client.post("/auth/token", json={"email": "not-an-address", "role": "admin"})
    assert response.status_code == 422
    fields = response.json["errors"]["json"]
    assert {"email", "password", "role"} <= set(fields)
    bad_code = {"email": "a@b.example", "password": "x", "totp": "12ab56"}
    assert client.post("/auth/token", json=bad_code).status_code == 422
    assert client.post("/auth/token", data="{", content_type="application/json").status_code == 400


def test_an_account_with_totp_needs_a_valid_code(client, member):
    """No code: 401 naming the field; a wrong code: the generic 401; the current code: a token."""
    bob = member("marketer", with_totp=True)
    missing = _sign_in(client, bob.email, bob.password)
    assert missing.status_code == 401 and "totp" in missing.json["errors"]
    wrong_code = "000000" if bob.code() != "000000" else "111111"
    wrong = _sign_in(client, bob.email, bob.password, totp=wrong_code)
    generic = _sign_in(client, "nobody-here@clinic.example", "whatever it is")
    assert wrong.status_code == 401 and wrong.json == generic.json
    ok = _sign_in(client, bob.email, bob.password, totp=bob.code())
    assert ok.status_code == 200, ok.json


def test_a_totp_code_works_only_once(client, member):
    """Replaying a code that already signed someone in is refused."""
    bob = member(with_totp=True)
    code = bob.code()
    assert _sign_in(client, bob.email, bob.password, totp=code).status_code == 200
    assert _sign_in(client, bob.email, bob.password, totp=code).status_code == 401


def test_when_totp_is_required_an_account_without_one_is_told_to_enrol(make_app, make_settings, member):
    """Under STAFF_TOTP_REQUIRED an unenrolled account gets 403 naming the sign-in page (right password only)."""
    strict = make_app(make_settings(staff_totp_required=True))
    client = strict.test_client()
    carol = member("admin")
    refused = _sign_in(client, carol.email, carol.password)
    assert refused.status_code == 403
    assert "/staff/login" in refused.json["message"]
    assert _sign_in(client, carol.email, "a wrong password here").status_code == 401
    enrolled = member("admin", with_totp=True)
    assert _sign_in(client, enrolled.email, enrolled.password, totp=enrolled.code()).status_code == 200


def test_ten_failures_lock_the_account_for_fifteen_minutes(client, member, staff: Staff):
    """After ten wrong passwords even the right one is refused, with the same answer, until the lock ends."""
    dave = member()
    for _ in range(10):
        assert _sign_in(client, dave.email, "a wrong password here").status_code == 401
    locked = _sign_in(client, dave.email, dave.password)
    assert locked.status_code == 401
    assert locked.json == _sign_in(client, "nobody-here@clinic.example", "x").json
    with staff.db.transaction() as session:
        locked_until = session.execute(select(staff_users.c.locked_until).where(staff_users.c.id == dave.id)).scalar()
        assert locked_until is not None
        assert timedelta(minutes=14) < locked_until - utcnow() <= timedelta(minutes=15)
        session.execute(
            update(staff_users).where(staff_users.c.id == dave.id).values(locked_until=utcnow() - timedelta(seconds=1))
        )
    assert _sign_in(client, dave.email, dave.password).status_code == 200
    with staff.db.transaction() as session:
        row = session.execute(select(staff_users).where(staff_users.c.id == dave.id)).one()
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert row.last_login_at is not None


def test_a_disabled_account_cannot_sign_in(client, member, staff: Staff):
    """Disabling an account refuses its right password with the generic answer."""
    erin = member()
    staff.accounts.set_active(erin.email, False)
    assert _sign_in(client, erin.email, erin.password).status_code == 401


def test_an_outdated_hash_is_replaced_on_the_next_sign_in(client, member, staff: Staff):
    """A hash made with other argon2 parameters is renewed once the password is proven."""
    frank = member()
    cheap = PasswordHasher(time_cost=2, memory_cost=4096, parallelism=1).hash(frank.password)
    with staff.db.transaction() as session:
        session.execute(update(staff_users).where(staff_users.c.id == frank.id).values(password_hash=cheap))
    assert _sign_in(client, frank.email, frank.password).status_code == 200
    with staff.db.transaction() as session:
        renewed = session.execute(select(staff_users.c.password_hash).where(staff_users.c.id == frank.id)).scalar_one()
    assert renewed != cheap and not staff.sign_in.passwords.hasher.check_needs_rehash(renewed)
    assert _sign_in(client, frank.email, frank.password).status_code == 200


def test_sign_ins_reach_the_audit_log_and_logs_by_subject_never_by_address(client, member, staff: Staff):
    """The audit record's actor and the log line's staff field are staff:<id>; the address appears in neither."""
    grace = member()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("gateway"))
    logger = logging.getLogger("gateway.staff")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        _sign_in(client, grace.email, "a wrong password here")
        assert _sign_in(client, grace.email, grace.password).status_code == 200
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any(line.get("staff") == grace.subject and line["msg"] == "staff signed in" for line in lines)
    assert any(line.get("target") == grace.subject and line.get("reason") == "wrong_password" for line in lines)
    assert grace.email not in stream.getvalue().lower()
    with staff.db.transaction() as session:
        rows = session.execute(
            select(infra.audit).where(infra.audit.c.target_id == str(grace.id)).order_by(infra.audit.c.id)
        ).all()
    assert [(row.action, row.actor) for row in rows][-2:] == [
        ("staff.sign_in_refused", "anonymous"),
        ("staff.signed_in", grace.subject),
    ]
    assert all(grace.email not in (row.reason or "") for row in rows)


def test_totp_secrets_are_stored_sealed(member, staff: Staff):
    """The database never holds the plain TOTP secret."""
    henry = member(with_totp=True)
    with staff.db.transaction() as session:
        stored = session.execute(select(staff_users.c.totp_secret).where(staff_users.c.id == henry.id)).scalar_one()
    assert henry.totp_secret and henry.totp_secret not in stored
    assert pyotp.TOTP(henry.totp_secret).now().isdigit()
