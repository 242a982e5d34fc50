"""Where sign-in may send staff next: the staff home or a page inside one of the staff areas."""

from __future__ import annotations

from urllib.parse import urlsplit

from services.kit.staff_shell import NAV, NavItem, nav_for

HOME = "/staff"
AREAS = NAV
Area = NavItem


def areas_for(roles: tuple[str, ...]) -> list[NavItem]:
    """List the areas a holder of `roles` may open; admins open all of them."""
    return nav_for(roles)


def safe_next(value: str | None) -> str:
    """Return `value` when it is a local path inside an admin area, else the staff home page."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return HOME
    if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or ".." in parts.path.split("/"):
        return HOME
    for area in AREAS:
        if parts.path == area.path or parts.path.startswith(area.path + "/"):
            return value
    return HOME
