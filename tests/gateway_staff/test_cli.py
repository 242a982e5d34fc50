"""The staff CLI, run as a real process against a temporary SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pyotp
import pytest

from gateway.settings import GatewaySettings
from tests.gateway_staff.conftest import PASSWORD, ROOT, UPSTREAMS, build_app

CLI = [sys.executable, "-m", "gateway.staff.cli"]


def _env(db_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a development gateway on `db_path`."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "APP_ENV": "development",
        "GATEWAY_DATABASE_URL": f"sqlite:///{db_path}",
        **UPSTREAMS,
        **extra,
    }


def _run(argv: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run a command to completion, capturing its output."""
    return subprocess.run(argv, env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite gateway database migrated by the real migration command."""
    path = tmp_path_factory.mktemp("cli") / "gateway.db"
    done = _run([sys.executable, "-m", "services.kit.migrate", "gateway"], _env(path))
    assert done.returncode == 0, done.stderr
    return path


def _token_response(db_path: Path, email: str, password: str, totp: str | None = None):
    """Ask a gateway app on the same database for a token."""
    settings = GatewaySettings.from_env({"GATEWAY_DATABASE_URL": f"sqlite:///{db_path}", **UPSTREAMS})
    body = {"email": email, "password": password} | ({"totp": totp} if totp else {})
    app = build_app(settings)
    try:
        return app.test_client().post("/auth/token", json=body)
    finally:
        app.extensions["staff"].db.dispose()


def _email() -> str:
    """A unique staff address."""
    return f"cli-{uuid.uuid4().hex[:8]}@clinic.example"


def test_create_user_reads_the_password_from_the_environment_and_the_user_can_sign_in(db_path: Path):
    """create-user with --password-env makes an account that /auth/token accepts, with its roles."""
    email = _email()
    done = _run(
        [
            *CLI,
            "create-user",
            "--email",
            email,
            "--role",
            "admin",
            "--role",
            "clinician",
            "--password-env",
            "STAFF_PASSWORD",
        ],
        _env(db_path, STAFF_PASSWORD=PASSWORD),
    )
    assert done.returncode == 0, done.stderr
    assert "created staff:" in done.stdout and PASSWORD not in done.stdout + done.stderr
    response = _token_response(db_path, email, PASSWORD)
    assert response.status_code == 200, response.json
    listed = _run([*CLI, "list-users"], _env(db_path))
    assert listed.returncode == 0 and email in listed.stdout
    assert "argon2" not in listed.stdout and "admin,clinician" in listed.stdout


def test_with_totp_prints_the_enrolment_uri_and_stdin_passwords_work(db_path: Path):
    """--password-stdin and --with-totp: the printed URI's codes complete the sign-in."""
    email = _email()
    done = _run(
        [*CLI, "create-user", "--email", email, "--role", "marketer", "--password-stdin", "--with-totp"],
        _env(db_path),
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    uri = next(line for line in done.stdout.splitlines() if line.startswith("otpauth://totp/"))
    secret = pyotp.parse_uri(uri).secret
    assert _token_response(db_path, email, PASSWORD).status_code == 401
    assert _token_response(db_path, email, PASSWORD, pyotp.TOTP(secret).now()).status_code == 200


def test_mistakes_exit_non_zero_with_a_clear_message(db_path: Path):
    """Duplicate address, short password, no password source, unknown account: each fails visibly."""
    email = _email()
    env = _env(db_path, STAFF_PASSWORD=PASSWORD, SHORT="short")
    create = [*CLI, "create-user", "--email", email, "--role", "clinician"]
    assert _run([*create, "--password-env", "STAFF_PASSWORD"], env).returncode == 0
    duplicate = _run([*create, "--password-env", "STAFF_PASSWORD"], env)
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr
    short = _run([*CLI, "create-user", "--email", _email(), "--role", "admin", "--password-env", "SHORT"], env)
    assert short.returncode != 0 and "at least 12" in short.stderr
    no_source = _run([*CLI, "create-user", "--email", _email(), "--role", "admin"], env)
    assert no_source.returncode != 0 and "--password-env" in no_source.stderr
    bad_role = _run(
        [*CLI, "create-user", "--email", _email(), "--role", "owner", "--password-env", "STAFF_PASSWORD"], env
    )
    assert bad_role.returncode != 0
    unknown = _run([*CLI, "set-password", "--email", _email(), "--password-env", "STAFF_PASSWORD"], env)
    assert unknown.returncode != 0 and "no staff account" in unknown.stderr


def test_disable_user_stops_sign_ins_and_set_password_replaces_the_password(db_path: Path):
    """disable-user refuses the right password; enable-user and set-password take effect at once."""
    email = _email()
    env = _env(db_path, STAFF_PASSWORD=PASSWORD, NEW_PASSWORD="another long password")
    assert (
        _run(
            [*CLI, "create-user", "--email", email, "--role", "clinician", "--password-env", "STAFF_PASSWORD"], env
        ).returncode
        == 0
    )
    assert _run([*CLI, "disable-user", "--email", email], env).returncode == 0
    assert _token_response(db_path, email, PASSWORD).status_code == 401
    assert _run([*CLI, "enable-user", "--email", email], env).returncode == 0
    assert _run([*CLI, "set-password", "--email", email, "--password-env", "NEW_PASSWORD"], env).returncode == 0
    assert _token_response(db_path, email, PASSWORD).status_code == 401
    assert _token_response(db_path, email, "another long password").status_code == 200


def test_an_unmigrated_database_is_named_as_the_problem(tmp_path: Path):
    """Before migrations the CLI says which command to run and exits non-zero."""
    done = _run([*CLI, "list-users"], _env(tmp_path / "empty.db"))
    assert done.returncode != 0
    assert "python -m services.kit.migrate gateway" in done.stderr
