"""Pure rules of staff accounts: roles, lock-out counting, TOTP steps, where sign-in may lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from gateway.staff import totp
from gateway.staff.areas import areas_for, safe_next
from gateway.staff.users import LOCK_DURATION, MAX_FAILURES, UnknownRole, after_failure, parse_roles

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_roles_are_checked_deduplicated_and_ordered():
    """Roles come back in the canonical order, once each; unknown or no roles are refused."""
    assert parse_roles(["marketer", "Admin", "marketer"]) == ("admin", "marketer")
    with pytest.raises(UnknownRole):
        parse_roles(["superuser"])
    with pytest.raises(UnknownRole):
        parse_roles([])


def test_the_tenth_failure_locks_the_account_for_fifteen_minutes():
    """Nine failures only count; the tenth sets a lock that ends 15 minutes later."""
    attempts, locked = 0, None
    for _ in range(MAX_FAILURES - 1):
        attempts, locked = after_failure(attempts, locked, NOW)
    assert (attempts, locked) == (9, None)
    attempts, locked = after_failure(attempts, locked, NOW)
    assert locked == NOW + LOCK_DURATION == NOW + timedelta(minutes=15)


def test_a_failure_after_the_lock_ran_out_starts_a_fresh_count():
    """Once the lock has passed, counting starts again from one."""
    attempts, locked = after_failure(10, NOW - timedelta(seconds=1), NOW)
    assert (attempts, locked) == (1, None)


def test_a_totp_code_is_accepted_once_and_within_one_step_of_drift():
    """The current code works; the same code cannot be used again; an old code is refused."""
    secret = pyotp.random_base32()
    code = pyotp.TOTP(secret).at(NOW)
    step = totp.accepted_step(secret, code, NOW, None)
    assert step == pyotp.TOTP(secret).timecode(NOW)
    assert totp.accepted_step(secret, code, NOW, step) is None
    late = NOW + timedelta(seconds=30)
    assert totp.accepted_step(secret, code, late, None) == step
    assert totp.accepted_step(secret, code, NOW + timedelta(minutes=5), None) is None


@pytest.mark.parametrize("target", ["/admin/leads", "/admin/newsletter", "/admin/billing", "/admin/leads/42?tab=notes"])
def test_sign_in_may_lead_into_an_admin_area(target: str):
    """Local paths inside the three admin areas are kept."""
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/admin/leads",
        "//evil.example/admin/leads",
        "/\\evil.example",
        "/admin/leadsx",
        "/admin",
        "/staff/logout",
        "/admin/leads/../../api",
        "/admin/leads\r\nSet-Cookie: x=1",
        "javascript:alert(1)",
    ],
)
def test_anywhere_else_leads_to_the_staff_home_page(target: str | None):
    """Other sites, look-alike paths and anything odd fall back to /staff."""
    assert safe_next(target) == "/staff"


def test_each_role_sees_its_own_admin_areas():
    """Clinicians see leads and billing, marketers the newsletter, admins everything including Admin."""
    assert [a.path for a in areas_for(("clinician",))] == ["/admin/leads", "/admin/billing"]
    assert [a.path for a in areas_for(("marketer",))] == ["/admin/newsletter"]
    assert [a.path for a in areas_for(("admin",))] == [
        "/admin/leads",
        "/admin/newsletter",
        "/admin/billing",
        "/admin/staff",
    ]
