"""Signed links to a result page: the page's own link lasts hours, the emailed one days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature

from services.leads.bootstrap import LeadsParts


class LinkUnusable(LookupError):
    """The link is forged or malformed."""


class LinkExpired(LookupError):
    """The link was ours but is too old; `ref` says which result it pointed at."""

    def __init__(self, ref: LinkRef):
        super().__init__("expired link")
        self.ref = ref


@dataclass(frozen=True)
class LinkRef:
    """Which submission of which lead a link opens, and whether it was sent by email."""

    lead_id: str
    submission_id: str
    emailed: bool


def mint(parts: LeadsParts, lead_id: str, submission_id: str, *, emailed: bool = False) -> str:
    """Sign a link to one result; an emailed link is marked so it keeps its longer life."""
    ref: dict[str, object] = {"l": lead_id, "s": submission_id}
    if emailed:
        ref["e"] = 1
    return parts.links.dumps(ref)


def lifetime(parts: LeadsParts, emailed: bool) -> timedelta:
    """How long a link of this kind opens its result."""
    settings = parts.settings
    return timedelta(days=settings.result_email_link_days) if emailed else timedelta(hours=settings.result_link_hours)


def open_link(parts: LeadsParts, token: str, now: datetime) -> LinkRef:
    """Check a link's signature and age; raise LinkUnusable or LinkExpired."""
    try:
        raw, signed_at = parts.links.loads(token, return_timestamp=True)
        ref = LinkRef(str(raw["l"]), str(raw["s"]), bool(raw.get("e")))
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkUnusable("bad link") from exc
    if signed_at.tzinfo is None:
        signed_at = signed_at.replace(tzinfo=UTC)
    if now - signed_at > lifetime(parts, ref.emailed):
        raise LinkExpired(ref)
    return ref
