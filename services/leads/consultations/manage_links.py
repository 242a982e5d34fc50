"""Signed links in consultation emails, to cancel or ask for another time (itsdangerous, like result links)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from services.leads.settings import LeadsSettings

SALT = "leads-consultation-link"  # its own salt, so a result link never opens a consultation and back


class LinkInvalid(LookupError):
    """The link was altered, or is not one of ours."""


class LinkExpired(LinkInvalid):
    """The link is genuine but too old."""


def _serializer(settings: LeadsSettings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.link_signing_key, salt=SALT)


def manage_url(settings: LeadsSettings, consultation_id: str) -> str:
    """The public address of the page where the visitor cancels or asks for another time."""
    token = _serializer(settings).dumps({"c": consultation_id})
    return f"{settings.public_url.rstrip('/')}/consultation/manage/{token}"


def open_link(settings: LeadsSettings, token: str) -> str:
    """Return the consultation id a link names; raise LinkExpired or LinkInvalid."""
    try:
        data = _serializer(settings).loads(token, max_age=settings.consultation_link_days * 86400)
        return str(data["c"])
    except SignatureExpired as exc:
        raise LinkExpired("expired") from exc
    except (BadSignature, KeyError, TypeError) as exc:
        raise LinkInvalid("bad link") from exc
