"""The staff shell every service's staff pages share: who is signed in, the areas their roles open, sign-out."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, has_request_context, request

from services.kit.staff_auth import StaffIdentity, current_identity

LOGOUT_PATH = "/staff/logout"
RENEW_PATH = "/staff/session/renew"
SESSION_SCRIPT = "/assets/staff_session.js"


@dataclass(frozen=True)
class NavItem:
    """One area in the staff nav: where it lives, its name, and the roles (besides admin) that open it."""

    path: str
    title: str
    roles: tuple[str, ...]


NAV = (
    NavItem("/admin/leads", "Leads", ("clinician",)),
    NavItem("/admin/newsletter", "Newsletter", ("marketer",)),
    NavItem("/admin/billing", "Billing", ("clinician",)),
    NavItem("/admin/staff", "Admin", ()),
)


@dataclass(frozen=True)
class Shell:
    """What the shared header shows: the person's name, their nav, the CSRF value and the session's times."""

    name: str
    subject: str
    items: list[tuple[NavItem, bool]]
    csrf: str
    expires_at: int
    session_ends_at: int


def nav_for(roles: tuple[str, ...]) -> list[NavItem]:
    """List the areas a holder of `roles` may open; admins open all of them."""
    return [item for item in NAV if "admin" in roles or set(item.roles) & set(roles)]


def is_current(item: NavItem, path: str) -> bool:
    """Tell whether `path` lies inside the area of `item`."""
    return path == item.path or path.startswith(item.path + "/")


def shell_for(identity: StaffIdentity | None, path: str) -> Shell | None:
    """Build the header for `identity` on the page at `path`; None for someone not signed in."""
    if identity is None:
        return None
    items = [(item, is_current(item, path)) for item in nav_for(identity.roles)]
    return Shell(
        identity.display_name, identity.subject, items, identity.csrf, identity.expires_at, identity.session_ends_at
    )


def _current_shell() -> Shell | None:
    """The shell of this request, from the identity a guard already checked or the request's own token."""
    if not has_request_context() or "staff_verifier" not in current_app.extensions:
        return None
    if "staff_shell" not in g:
        g.staff_shell = shell_for(g.get("staff") or current_identity(), request.path)
    shell: Shell | None = g.staff_shell
    return shell


def install_staff_shell(app: Flask) -> None:
    """Give the app's templates `staff_shell()` and the paths the shell posts to."""
    app.jinja_env.globals.update(
        staff_shell=_current_shell,
        staff_logout_path=LOGOUT_PATH,
        staff_renew_path=RENEW_PATH,
        staff_session_script=SESSION_SCRIPT,
    )
