"""The shared staff header: the areas a role opens, the person's name, sign-out and the session keeper."""

from __future__ import annotations

import re

import pytest

from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import COOKIE, StaffIdentity, TokenVerifier
from services.kit.staff_shell import nav_for, shell_for
from tests.gateway_staff.pages import sign_in_through_page

NAV_LINK = re.compile(r'<a href="(/[^"]*)"(?: aria-current="(page|true)")?>([^<]+)</a>')


def _main_nav(html: str) -> list[tuple[str, str, str]]:
    """The links of the header's main nav: path, aria-current, text."""
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return NAV_LINK.findall(nav)


@pytest.mark.parametrize(
    ("roles", "titles"),
    [
        (("clinician",), ["Leads", "Billing"]),
        (("marketer",), ["Newsletter"]),
        (("admin",), ["Leads", "Newsletter", "Billing", "Admin"]),
        (("clinician", "marketer"), ["Leads", "Newsletter", "Billing"]),
    ],
)
def test_the_nav_lists_the_areas_each_role_opens(roles, titles):
    """Admins see every area including Admin; others only what their roles open."""
    assert [item.title for item in nav_for(roles)] == titles


def test_the_current_area_is_marked_wherever_in_it_the_page_is():
    """A lead's page marks Leads; the staff home marks none of the areas."""
    person = StaffIdentity("staff:3", ("admin",), "c", email="dr.kim@clinic.example")
    shell = shell_for(person, "/admin/leads/7f1c")
    assert shell is not None and shell.name == "dr.kim"
    assert [item.title for item, current in shell.items if current] == ["Leads"]
    home = shell_for(person, "/staff")
    assert home is not None and not any(current for _, current in home.items)
    assert shell_for(None, "/staff") is None


def test_the_staff_home_shows_the_shared_header_with_name_nav_and_a_working_sign_out(client, member):
    """Home is marked current; the sign-out form carries the token's CSRF value and signs out."""
    alice = member("clinician")
    sign_in_through_page(client, alice.email, alice.password)
    html = client.get("/staff").get_data(as_text=True)
    assert _main_nav(html) == [
        ("/staff", "page", "Home"),
        ("/admin/leads", "", "Leads"),
        ("/admin/billing", "", "Billing"),
    ]
    assert f'Signed in as <strong class="staff-name">{alice.email.partition("@")[0]}</strong>' in html
    csrf = TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(client.get_cookie(COOKIE).value).csrf  # type: ignore[union-attr]
    sign_out = html.split('<form method="post" action="/staff/logout" class="inline-form">', 1)[1].split("</form>")[0]
    assert f'name="csrf_token" value="{csrf}"' in sign_out
    assert '<script src="/assets/staff_session.js" defer></script>' in html and 'data-csrf="' + csrf + '"' in html
    out = client.post("/staff/logout", data={"csrf_token": csrf})
    assert out.status_code == 303 and client.get_cookie(COOKIE) is None


def test_the_sign_in_page_has_no_staff_nav_but_keeps_drafts_alive(client):
    """Signed out there is nothing to navigate to; the session script still runs there to keep typed text."""
    html = client.get("/staff/login").get_data(as_text=True)
    assert _main_nav(html) == [] and "Sign out" not in html and "session-warning" not in html
    assert '<script src="/assets/staff_session.js" defer></script>' in html
