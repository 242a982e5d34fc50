"""In Chromium through Caddy: an admin invites a nurse, who sets a password and an authenticator and signs in;
an admin retries a dead letter. Screenshots land in /tmp/shots-admin/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
import requests
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select, update

from gateway.app import create_app
from services.kit.container import Container
from services.kit.db_types import utcnow
from services.kit.email.message import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from tests.gateway_admin.conftest import PASSWORD, gateway_env
from tests.support.caddy import CaddyServer
from tests.support.servers import ProcessServer, ThreadServer, free_port, python_module
from tests.support.waiting import wait_until

SHOTS = Path("/tmp/shots-admin")
NEW_PASSWORD = "a fresh long passphrase"


@dataclass
class Console:
    """The front door, the gateway app behind it, and the SendGrid stand-in that receives its mail."""

    url: str
    app: Flask
    sendgrid: str

    def mail_to(self, address: str) -> list[dict]:
        """Messages the stand-in accepted for `address`."""
        return requests.get(f"{self.sendgrid}/dev/mail", params={"to": address}, timeout=5).json()


@pytest.fixture(scope="module")
def console(gateway_db, running, tmp_path_factory) -> Iterator[Console]:
    """Caddy → gateway app (+ its worker) → the three services; invitations go to the SendGrid stand-in."""
    logs = tmp_path_factory.mktemp("admin-console")
    caddy_port, app_port, sendgrid_port = free_port(), free_port(), free_port()
    upstreams = {name: server.url for name, (server, _) in running.items()}
    sendgrid = f"http://127.0.0.1:{sendgrid_port}"
    env = {
        **gateway_env(gateway_db, **upstreams),
        "PUBLIC_URL": f"http://127.0.0.1:{caddy_port}",
        "SENDGRID_HOST": sendgrid,
        "WORKER_POLL_SECONDS": "0.1",
    }
    with ExitStack() as stack:
        stack.enter_context(
            ProcessServer(python_module("standins.sendgrid", "--port", str(sendgrid_port)), {}, f"{sendgrid}/dev/mail")
        )
        stack.enter_context(ProcessServer(python_module("gateway.worker"), env, log=logs / "worker.log"))
        app = create_app(env)
        stack.enter_context(ThreadServer(app, port=app_port))
        caddy_env = {f"{name.upper()}_URL": url for name, url in upstreams.items()}
        caddy_env.update(
            GATEWAY_APP_URL=f"http://127.0.0.1:{app_port}", SENDGRID_STANDIN_URL=sendgrid, CADDY_BIND="127.0.0.1"
        )
        caddy = stack.enter_context(CaddyServer(caddy_env, logs / "caddy", port=caddy_port))
        SHOTS.mkdir(exist_ok=True)
        yield Console(caddy.url, app, sendgrid)
        app.extensions["staff"].db.dispose()


def _sign_in(page: Page, base: str, email: str, password: str, code: str) -> None:
    """Fill the staff sign-in form."""
    page.goto(f"{base}/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.fill("#totp", code)
    page.click("button[type=submit]")


def _admin_page(browser, console: Console) -> Page:
    """A browser signed in as a new administrator with an authenticator app."""
    email = f"admin-{int(time.time() * 1000)}@clinic.example"
    enrolment = console.app.extensions["staff"].accounts.create_user(email, PASSWORD, ("admin",), with_totp=True)
    secret = pyotp.parse_uri(enrolment.totp_uri).secret
    page = browser.new_context().new_page()
    _sign_in(page, console.url, email, PASSWORD, pyotp.TOTP(secret).now())
    expect(page.locator("h1")).to_contain_text("Good to see you")
    return page


def test_an_invited_nurse_sets_a_password_and_authenticator_then_signs_in(browser, console: Console):
    """Invite form → email in the stand-in → password → QR code and key → first code → sign-in with a code."""
    started = time.monotonic()
    admin = _admin_page(browser, console)
    admin.goto(f"{console.url}/admin/staff")
    nurse = f"nurse-{int(time.time() * 1000)}@clinic.example"
    admin.fill("#email", nurse)
    admin.check("input[name=roles][value=clinician]")
    admin.fill("#reason-invite", "New nurse starting Monday")
    admin.click("text=Send the invitation")
    expect(admin.locator(".notice")).to_contain_text("Invitation sent")
    expect(admin.locator("tbody")).to_contain_text(nurse)
    admin.screenshot(path=str(SHOTS / "staff-list.png"), full_page=True)

    wait_until(lambda: console.mail_to(nurse), timeout=20)
    (mail,) = console.mail_to(nurse)
    assert mail["subject"].startswith("Your staff account at")
    link = re.search(r"http://\S+/staff/welcome\?t=\S+", mail["text"]).group(0)  # type: ignore[union-attr]

    person = browser.new_context().new_page()
    person.goto(link)
    expect(person.locator("h1")).to_have_text("Welcome to the staff console")
    person.screenshot(path=str(SHOTS / "welcome.png"), full_page=True)
    person.fill("#password", NEW_PASSWORD)
    person.fill("#password_again", NEW_PASSWORD)
    person.click("text=Save my password")
    expect(person.locator("h1")).to_have_text("Set up your authenticator app")
    expect(person.locator("figure.qr-code svg")).to_be_visible()
    person.screenshot(path=str(SHOTS / "enrol.png"), full_page=True)
    secret = person.locator("#secret-key").inner_text().replace(" ", "")
    person.fill("#totp", pyotp.TOTP(secret).now())
    person.click("text=Confirm and finish")
    expect(person.locator(".notice")).to_contain_text("Your authenticator app is set up")
    person.screenshot(path=str(SHOTS / "enrolled-login.png"), full_page=True)
    next_code = pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))  # the current one was just spent
    _sign_in(person, console.url, nurse, NEW_PASSWORD, next_code)
    expect(person.locator("h1")).to_contain_text("Good to see you")
    assert person.url.endswith("/staff")
    print(f"invite to signed-in: {time.monotonic() - started:.1f}s")

    admin.goto(f"{console.url}/admin/staff")
    admin.click(f"text=Manage {nurse}")
    expect(admin.locator("h1")).to_have_text(nurse)
    admin.screenshot(path=str(SHOTS / "staff-person.png"), full_page=True)
    admin.click("text=Save roles")  # no reason given
    expect(admin.locator(".error-summary")).to_be_visible()
    admin.screenshot(path=str(SHOTS / "staff-person-refused.png"), full_page=True)


def _dead_letter(container: Container) -> int:
    """An email of billing's that the provider refused for good."""
    message = EmailMessage(
        "care@clinic.example",
        "Clinic",
        "Receipt",
        None,
        "text",
        (Recipient("member@example.com"),),
        categories=("billing", "payment_receipt"),
    )
    table = container.infra.outbox
    with container.db.transaction() as session:
        queue_email(session, table, message)
        job_id = int(session.execute(select(func.max(table.c.id))).scalar_one())
        session.execute(
            update(table)
            .where(table.c.id == job_id)
            .values(
                status="dead", attempts=8, last_error="email provider refused: 400 Bad Request", finished_at=utcnow()
            )
        )
    return job_id


def test_an_admin_retries_a_dead_letter(browser, console: Console, running):
    """The list shows billing's failed receipt in words; Retry queues it again and the audit log shows who."""
    billing = running["billing"][1]
    job_id = _dead_letter(billing)
    admin = _admin_page(browser, console)
    admin.goto(f"{console.url}/admin/dead-letters")
    row = admin.locator(f"#dead-billing-{job_id}")
    expect(row).to_contain_text("Email: billing, payment receipt")
    expect(row).to_contain_text("400 Bad Request")
    admin.screenshot(path=str(SHOTS / "dead-letters.png"), full_page=True)
    row.locator("text=Retry").click()
    expect(admin.locator(".notice").first).to_contain_text("Queued again")
    expect(admin.locator(f"#dead-billing-{job_id}")).to_have_count(0)
    table = billing.infra.outbox
    with billing.db.transaction() as session:
        status = session.execute(select(table.c.status).where(table.c.id == job_id)).scalar_one()
    assert status == "pending"  # queued again; no billing worker runs here to send it
    admin.goto(f"{console.url}/admin/audit?record_type=outbox_job&record_id={job_id}")
    expect(admin.locator("tbody")).to_contain_text("Dead letter retried")
    admin.screenshot(path=str(SHOTS / "audit.png"), full_page=True)
