"""Billing emails: sign-in links, payment problems and refunds. They name the membership, never anyone's health."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.billing.settings import BillingSettings
from services.kit.email.message import EmailMessage, Recipient

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "billing" / "email"

SUBJECTS = {
    "signin": "Your sign-in link to manage your membership billing",
    "payment_failed": "We couldn't take your membership payment",
    "action_required": "Please confirm your membership payment with your bank",
    "decline_refund": "Your membership is cancelled and your payment refunded in full",
}


def _environment() -> Environment:
    """Build the template environment (HTML escaped, text as written)."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]), keep_trailing_newline=True
    )


_ENV = _environment()


def compose(kind: str, to: str, settings: BillingSettings, **values: Any) -> EmailMessage:
    """Render one billing email of `kind` to `to`."""
    context = {
        "clinic_name": settings.clinic_name,
        "postal_address": settings.clinic_postal_address,
        "public_url": settings.public_url,
        **values,
    }
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=settings.clinic_name,
        subject=SUBJECTS[kind],
        html=_ENV.get_template(f"{kind}.html").render(**context),
        text=_ENV.get_template(f"{kind}.txt").render(**context),
        recipients=(Recipient(email=to),),
        categories=("billing", kind),
    )
