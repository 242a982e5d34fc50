"""The admin areas staff can reach, who may enter each, and where sign-in may send them next."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

HOME = "/staff"


@dataclass(frozen=True)
class Area:
    """One admin area behind the gateway and the roles (besides admin) that open it."""

    path: str
    title: str
    roles: tuple[str, ...]


AREAS = (
    Area("/admin/leads", "Leads and consultations", ("clinician",)),
    Area("/admin/newsletter", "Newsletter and funnel figures", ("marketer",)),
    Area("/admin/billing", "Memberships and billing", ()),
)


def areas_for(roles: tuple[str, ...]) -> list[Area]:
    """List the areas a holder of `roles` may open; admins open all of them."""
    return [area for area in AREAS if "admin" in roles or set(area.roles) & set(roles)]


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
