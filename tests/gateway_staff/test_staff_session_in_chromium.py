"""In Chromium with six-second tokens: activity keeps a clinician signed in; a note typed as it ends is not lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.leads import payloads
from tests.support.databases import DatabaseFactory
from tests.support.system import RunningSystem, running_system

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic passphrase"
TTL = 6
SHOTS = Path(os.environ.get("STAFF_SHELL_SHOTS", "/tmp/shots-shell"))
NOTE = "Spoke with her by phone; she prefers a morning consultation."


@pytest.fixture(scope="module")
def system(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """The whole system with staff tokens that last six seconds."""
    logs = tmp_path_factory.mktemp("session-logs")
    with running_system(databases, logs, STAFF_TOKEN_TTL_SECONDS=str(TTL)) as running:
        yield running


@pytest.fixture(scope="module")
def clinician(system: RunningSystem) -> str:
    """A clinician account, made with the command-line tool as an administrator would."""
    email = f"nurse-{uuid.uuid4().hex[:6]}@clinic.example"
    env = {**os.environ, **system.env, "STAFF_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "gateway.staff.cli", "create-user", "--email", email, "--role", "clinician"]
    subprocess.run([*command, "--password-env", "STAFF_PASSWORD"], env=env, check=True, capture_output=True)
    return email


@pytest.fixture
def lead_url(system: RunningSystem) -> str:
    """A fresh lead's staff page."""
    answer = requests.post(system.url + "/api/leads/assessments", json=payloads.likely_eligible(), timeout=10)
    assert answer.status_code == 201
    return f"{system.url}/admin/leads/{answer.json()['id']}"


def _sign_in(page, email: str) -> None:
    """Fill in and send the sign-in form the page shows."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_a_note_typed_as_the_sign_in_ends_is_kept_through_signing_in_and_then_stored(
    browser, system, clinician, lead_url
):
    """She types, goes quiet, is warned, sends; signs in again; lands on the lead with the note back; sends it."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(lead_url)
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    page.locator("#note").fill(NOTE)
    page.locator("#session-warning").wait_for(state="visible", timeout=(3 * TTL) * 1000)
    assert page.get_by_role("button", name="Stay signed in").is_visible()
    warning = page.locator("#session-warning").bounding_box()
    assert warning is not None and 0 <= warning["y"] and warning["y"] + warning["height"] <= 900  # seen while typing
    _shot(page, "session-warning")
    page.locator("#session-over").wait_for(state="visible", timeout=(3 * TTL) * 1000)
    _shot(page, "session-ended")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url("**/staff/login?next=**")
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    assert page.locator("#note").input_value() == NOTE
    assert "What you had typed before signing in again is back in the form" in page.inner_text("main")
    _shot(page, "note-restored")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url("**done=notes")
    assert "Note added." in page.inner_text("main") and NOTE in page.inner_text("main")
    assert page.locator("#note").input_value() == ""  # stored, so nothing is put back a second time
    page.context.close()


def test_a_form_the_server_turns_away_still_comes_back_to_its_page_with_the_text(browser, system, clinician, lead_url):
    """The cookie is gone while the page still thinks it is signed in: the POST goes to sign-in and back, not a 405."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lead_url)
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    page.locator("#note").fill(NOTE)
    context.clear_cookies()
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url("**/staff/login?next=**")
    assert "next=%2Fadmin%2Fleads%2F" in page.url and "%2Fnotes" not in page.url
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    assert page.locator("#note").input_value() == NOTE
    context.close()


def test_activity_keeps_the_sign_in_alive_well_past_the_token_lifetime(browser, system, clinician, lead_url):
    """Typing for two and a half lifetimes renews in the background; idle, "Stay signed in" renews; no sign-in asked."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    renewals: list[int] = []
    page.on("response", lambda r: renewals.append(r.status) if r.url.endswith("/staff/session/renew") else None)
    page.goto(lead_url)
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    box = page.locator("#note")
    started = time.monotonic()
    while time.monotonic() - started < 2.5 * TTL:
        box.press("a")
        page.wait_for_timeout(700)
    assert renewals and set(renewals) == {200} and len(renewals) >= 2
    assert page.locator("#session-over").is_hidden()
    page.locator("#session-warning").wait_for(state="visible", timeout=(2 * TTL) * 1000)  # she stopped typing
    before = len(renewals)
    page.get_by_role("button", name="Stay signed in").click()
    page.locator("#session-warning").wait_for(state="hidden", timeout=5000)
    assert len(renewals) == before + 1 and renewals[-1] == 200
    page.reload()
    assert page.url == lead_url and "Add a note" in page.inner_text("main")
    page.context.close()


def test_someone_else_signing_in_on_the_same_screen_is_not_shown_the_kept_text(browser, system, clinician, lead_url):
    """A second clinician who signs in where the first one's session ended finds the note field empty."""
    colleague = f"nurse-{uuid.uuid4().hex[:6]}@clinic.example"
    env = {**os.environ, **system.env, "STAFF_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "gateway.staff.cli", "create-user", "--email", colleague, "--role", "clinician"]
    subprocess.run([*command, "--password-env", "STAFF_PASSWORD"], env=env, check=True, capture_output=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lead_url)
    _sign_in(page, clinician)
    page.wait_for_url(lead_url)
    page.locator("#note").fill(NOTE)
    context.clear_cookies()
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url("**/staff/login?next=**")
    _sign_in(page, colleague)
    page.wait_for_url(lead_url)
    assert page.locator("#note").input_value() == ""
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('staff-draft:')).length") == 0
    context.close()
