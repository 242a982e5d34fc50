"""Staff account commands, run as `python -m gateway.staff.cli ...` or `flask staff ...`; never prompts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app, has_app_context

from gateway.settings import GatewaySettings
from gateway.staff.accounts import Enrolment, NoSuchStaff, StaffAccounts
from gateway.staff.bootstrap import build_staff
from gateway.staff.passwords import WeakPassword
from gateway.staff.store import EmailTaken, table_exists
from gateway.staff.users import UnknownRole
from services.kit.config import ConfigError
from services.kit.staff_auth import ROLES

NOT_MIGRATED = "the gateway database has no staff_users table yet: run `python -m services.kit.migrate gateway` first"
_EXPECTED = (WeakPassword, UnknownRole, EmailTaken, NoSuchStaff, ConfigError)


@contextmanager
def _as_click_errors() -> Iterator[None]:
    """Turn the refusals a staff command can meet into a clear message and a non-zero exit."""
    try:
        yield
    except _EXPECTED as exc:
        raise click.ClickException(str(exc)) from exc


def _accounts() -> StaffAccounts:
    """Use the running app's accounts under `flask`, or wire them from the environment."""
    if has_app_context() and "staff" in current_app.extensions:
        staff = current_app.extensions["staff"]
    else:
        try:
            staff = build_staff(GatewaySettings.from_env())
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc
    if not table_exists(staff.db):
        raise click.ClickException(NOT_MIGRATED)
    return staff.accounts  # type: ignore[no-any-return]


def _password(env_name: str | None, from_stdin: bool) -> str:
    """Read the password from a named environment variable or one line of stdin, never from argv."""
    if bool(env_name) == from_stdin:
        raise click.UsageError("give exactly one of --password-env NAME or --password-stdin")
    if env_name:
        value = os.environ.get(env_name, "")
        if not value:
            raise click.ClickException(f"environment variable {env_name} is not set or empty")
        return value
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise click.ClickException("no password on stdin")
    return value


def _report(verb: str, enrolment: Enrolment) -> None:
    """Say what happened and, after a TOTP enrolment, print the URI for the authenticator app."""
    user = enrolment.user
    click.echo(f"{verb} {user.subject} ({', '.join(user.roles)})")
    if enrolment.totp_uri:
        click.echo("Add this to the staff member's authenticator app (QR code or manual entry); it is shown once:")
        click.echo(enrolment.totp_uri)


password_env = click.option("--password-env", metavar="NAME", help="Read the password from this environment variable.")
password_stdin = click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
email_option = click.option("--email", required=True, help="The staff member's email address.")


@click.group(name="staff", help="Manage the gateway's staff accounts (after `python -m services.kit.migrate gateway`).")
def staff_cli() -> None:
    """Group the staff account commands."""


@staff_cli.command("create-user")
@email_option
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeat for several.")
@password_env
@password_stdin
@click.option("--with-totp", is_flag=True, help="Enrol a TOTP second factor and print its provisioning URI.")
def create_user(
    email: str, roles: tuple[str, ...], password_env: str | None, password_stdin: bool, with_totp: bool
) -> None:
    """Create a staff account."""
    password = _password(password_env, password_stdin)
    accounts = _accounts()
    with _as_click_errors():
        _report("created", accounts.create_user(email, password, roles, with_totp=with_totp))


@staff_cli.command("set-password")
@email_option
@password_env
@password_stdin
def set_password(email: str, password_env: str | None, password_stdin: bool) -> None:
    """Replace a staff member's password (and lift a lock-out)."""
    password = _password(password_env, password_stdin)
    with _as_click_errors():
        user = _accounts().set_password(email, password)
    click.echo(f"password changed for {user.subject}")


@staff_cli.command("enable-totp")
@email_option
def enable_totp(email: str) -> None:
    """Enrol (or re-enrol) a staff member's authenticator app and print its provisioning URI."""
    with _as_click_errors():
        _report("enrolled", _accounts().enable_totp(email))


@staff_cli.command("disable-user")
@email_option
def disable_user(email: str) -> None:
    """Stop a staff member from signing in."""
    with _as_click_errors():
        user = _accounts().set_active(email, False)
    click.echo(f"disabled {user.subject}; tokens already issued expire within their lifetime")


@staff_cli.command("enable-user")
@email_option
def enable_user(email: str) -> None:
    """Let a disabled staff member sign in again."""
    with _as_click_errors():
        user = _accounts().set_active(email, True)
    click.echo(f"enabled {user.subject}")


@staff_cli.command("list-users")
def list_users() -> None:
    """List staff accounts (no passwords, hashes or TOTP secrets)."""
    click.echo("subject\temail\troles\tactive\ttotp\tlocked_until\tlast_login_at")
    for user in _accounts().list_users():
        click.echo(
            "\t".join(
                [
                    user.subject,
                    user.email,
                    ",".join(user.roles),
                    "yes" if user.active else "no",
                    "yes" if user.totp_secret else "no",
                    user.locked_until.isoformat() if user.locked_until else "-",
                    user.last_login_at.isoformat() if user.last_login_at else "-",
                ]
            )
        )
