"""The staff home's tiles: each service's figures, asked for at once, in words, dollars and Eastern time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests

from gateway.fan_out import Fetched, fetch_json_all
from gateway.settings import GatewaySettings
from services.kit.local_time import local_time
from services.kit.staff_summary import clinic_day_start

SUMMARY_PATHS = {
    "leads": "/api/leads/staff/summary",
    "newsletter": "/api/newsletter/staff/summary",
    "billing": "/api/billing/staff/summary",
}
# Which roles (besides admin) each service's figures are for.
AUDIENCES = {"leads": ("clinician", "marketer"), "newsletter": ("marketer",), "billing": ()}
TITLES = {"leads": "Leads", "newsletter": "Newsletter", "billing": "Billing"}
DEAD_LETTERS = "/admin/dead-letters"


@dataclass(frozen=True)
class Tile:
    """One figure on the staff home and the list it opens."""

    label: str
    value: str
    href: str
    detail: str = ""


@dataclass
class Section:
    """One service's tiles, or the sentence saying its figures could not be read."""

    name: str
    title: str
    tiles: list[Tile] = field(default_factory=list)
    unavailable: str = ""


def dollars(cents: int) -> str:
    """Whole dollars when even, otherwise with cents: "$2,500", "$2,512.50"."""
    whole, rest = divmod(cents, 100)
    return f"${whole:,}" if rest == 0 else f"${whole:,}.{rest:02d}"


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


def _leads_tiles(figures: dict[str, Any], roles: tuple[str, ...], now: datetime) -> list[Tile]:
    care = "admin" in roles or "clinician" in roles
    today = clinic_day_start(now).date().isoformat()
    tiles = []
    if "open_safety_flags" in figures:
        nearest = local_time(figures.get("nearest_safety_deadline"))
        detail = f"Nearest deadline {nearest}" if nearest else "No response is due"
        tiles.append(Tile("Open safety flags", _count(figures["open_safety_flags"]), "/admin/leads", detail))
    listing = f"/admin/leads?created_from={today}" if care else "/admin/leads/funnel"
    tiles.append(Tile("New leads today", _count(figures.get("new_leads_today")), listing, "Since midnight Eastern"))
    if "inquiries_waiting" in figures:
        tiles.append(Tile("Inquiries waiting", _count(figures["inquiries_waiting"]), "/admin/leads?status=new"))
    if "consultations_waiting" in figures:
        tiles.append(
            Tile(
                "Consultations waiting",
                _count(figures["consultations_waiting"]),
                "/admin/leads",
                "Requests without a booked time",
            )
        )
    return tiles


def _newsletter_tiles(figures: dict[str, Any], roles: tuple[str, ...], now: datetime) -> list[Tile]:
    return [
        Tile("Campaigns scheduled", _count(figures.get("campaigns_scheduled")), "/admin/newsletter"),
        Tile("Campaigns sending", _count(figures.get("campaigns_sending")), "/admin/newsletter"),
    ]


def _billing_tiles(figures: dict[str, Any], roles: tuple[str, ...], now: datetime) -> list[Tile]:
    mrr = figures.get("monthly_recurring_revenue_cents")
    return [
        Tile("Active members", _count(figures.get("active_members")), "/admin/billing?state=active"),
        Tile("Monthly recurring revenue", dollars(mrr) if isinstance(mrr, int) else "—", "/admin/billing"),
        Tile("Past-due members", _count(figures.get("past_due_members")), "/admin/billing?state=past_due"),
        Tile("Failed webhooks", _count(figures.get("failed_webhooks")), "/admin/billing/webhooks", "Stripe events"),
    ]


BUILDERS: dict[str, Callable[[dict[str, Any], tuple[str, ...], datetime], list[Tile]]] = {
    "leads": _leads_tiles,
    "newsletter": _newsletter_tiles,
    "billing": _billing_tiles,
}


def services_for(roles: tuple[str, ...]) -> list[str]:
    """The services whose figures a holder of `roles` sees, in the nav's order."""
    return [name for name, allowed in AUDIENCES.items() if "admin" in roles or set(allowed) & set(roles)]


def section(name: str, fetched: Fetched, roles: tuple[str, ...], now: datetime) -> Section:
    """Turn one service's answer into its tiles; anything but a 200 with figures degrades this section alone."""
    title = TITLES[name]
    if fetched.status_code != 200 or not isinstance(fetched.body, dict):
        return Section(name, title, unavailable=f"{title} figures are unavailable right now. Try again in a minute.")
    tiles = BUILDERS[name](fetched.body, roles, now)
    if "dead_letters" in fetched.body:
        tiles.append(Tile("Dead letters", _count(fetched.body["dead_letters"]), DEAD_LETTERS, "Messages that gave up"))
    return Section(name, title, tiles)


def home_sections(
    session: requests.Session, settings: GatewaySettings, token: str, roles: tuple[str, ...], now: datetime
) -> list[Section]:
    """Ask each service the caller may see for its summary at once, forwarding the caller's token."""
    names = services_for(roles)
    urls = {name: settings.upstreams[name].rstrip("/") + SUMMARY_PATHS[name] for name in names}
    answers = fetch_json_all(
        session,
        urls,
        settings.staff_home_timeout,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    return [section(name, answers[name], roles, now) for name in names]
