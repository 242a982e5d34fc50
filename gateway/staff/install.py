"""init_staff: put staff sign-in (database, token endpoint, pages, CLI) onto the gateway app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.blueprints import Blueprint
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader

from gateway.fan_out import build_session
from gateway.settings import GatewaySettings
from gateway.staff import admin_pages, api, pages, session_routes, welcome_pages
from gateway.staff.bootstrap import Staff, build_staff
from gateway.staff.commands import staff_cli
from gateway.staff.passwords import Passwords
from services.kit.staff_auth import TokenVerifier
from services.kit.staff_shell import install_staff_shell

GATEWAY_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
KIT_TEMPLATES = Path(__file__).resolve().parents[2] / "services" / "kit" / "templates"


def init_staff(app: Flask, settings: GatewaySettings, *, passwords: Passwords | None = None) -> Staff:
    """Install staff sign-in on `app` and return what it built (`app.extensions["staff"]`)."""
    staff = build_staff(settings, passwords=passwords)
    app.extensions["staff"] = staff
    app.extensions["staff_home_session"] = build_session()
    # The gateway's own staff pages verify tokens like any service does, with the matching public key.
    app.extensions.setdefault("staff_verifier", TokenVerifier(staff.keys.public_pem))
    _add_template_folders(app, [GATEWAY_TEMPLATES, KIT_TEMPLATES])
    app.jinja_env.globals.setdefault("clinic_name", "Clinic staff")
    _register_api(app, api.bp)
    app.register_blueprint(pages.bp)
    _register_api(app, session_routes.bp)
    app.register_blueprint(welcome_pages.bp)
    app.register_blueprint(admin_pages.bp)
    install_staff_shell(app)
    app.cli.add_command(staff_cli)
    return staff


def _add_template_folders(app: Flask, folders: list[Path]) -> None:
    """Make sure `folders` are searched for templates, after whatever the app already uses."""
    loaders: list[BaseLoader] = [app.jinja_loader] if app.jinja_loader is not None else []
    known = {Path(p).resolve() for loader in loaders for p in getattr(loader, "searchpath", [])}
    for loader in loaders:
        for inner in getattr(loader, "loaders", []):
            known |= {Path(p).resolve() for p in getattr(inner, "searchpath", [])}
    loaders += [FileSystemLoader(folder) for folder in folders if folder.resolve() not in known]
    app.jinja_loader = ChoiceLoader(loaders)  # type: ignore[assignment]


def _register_api(app: Flask, blueprint: Blueprint) -> None:
    """Register through the app's flask-smorest Api when there is one, so /auth/token is documented."""
    apis = app.extensions.get("flask-smorest", {}).get("apis", {})
    api_object = next((entry["ext_obj"] for entry in apis.values()), None)
    if api_object is not None:
        api_object.register_blueprint(blueprint)
    else:
        app.register_blueprint(blueprint)
