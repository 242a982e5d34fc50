"""One way to build the leads service's short emails: a few plain lines, links, an optional footer."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from services.kit.email import Attachment, EmailMessage, Recipient
from services.leads.settings import LeadsSettings


def plain_email(
    settings: LeadsSettings,
    to: Recipient,
    subject: str,
    lines: Sequence[str],
    links: Sequence[tuple[str, str]] = (),
    *,
    category: str,
    footer: str = "",
    attachments: tuple[Attachment, ...] = (),
) -> EmailMessage:
    """The same words as text and as escaped HTML paragraphs, each link as "label: url" and as an anchor."""
    tail = [footer] if footer else []
    text = "\n\n".join([*lines, *(f"{label}: {url}" for label, url in links), *tail])
    html = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html += "".join(f'<p><a href="{escape(url)}">{escape(label)}</a></p>' for label, url in links)
    html += "".join(f"<p>{escape(line)}</p>" for line in tail)
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=settings.clinic_name,
        subject=subject,
        html=html,
        text=text,
        recipients=(to,),
        categories=(category,),
        attachments=attachments,
    )
