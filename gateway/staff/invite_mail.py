"""The invitation email: who invites, what to do, the link and when it expires (nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from gateway.staff.links import INVITE_MAX_AGE
from gateway.staff.users import StaffUser
from services.kit.email.message import EmailMessage, Recipient

ROLE_WORDS = {"admin": "administrator", "clinician": "clinician", "marketer": "marketer"}


@dataclass(frozen=True)
class MailSettings:
    """Who invitations come from and where their links point."""

    from_email: str
    clinic_name: str
    public_url: str


def invite_message(user: StaffUser, roles: tuple[str, ...], link: str, mail: MailSettings) -> EmailMessage:
    """Compose the invitation to set a password and an authenticator app."""
    hours = INVITE_MAX_AGE // 3600
    as_roles = " and ".join(ROLE_WORDS.get(role, role) for role in roles)
    text = (
        f"You have been invited to {mail.clinic_name}'s staff console (role: {as_roles}).\n\n"
        f"Open this link to choose your password and set up an authenticator app:\n{link}\n\n"
        f"The link works once and expires in {hours} hours. If you did not expect this email, ignore it.\n"
    )
    html = (
        f"<p>You have been invited to {escape(mail.clinic_name)}'s staff console (role: {escape(as_roles)}).</p>"
        f'<p><a href="{escape(link)}">Choose your password and set up an authenticator app</a></p>'
        f"<p>The link works once and expires in {hours} hours. If you did not expect this email, ignore it.</p>"
    )
    return EmailMessage(
        from_email=mail.from_email,
        from_name=mail.clinic_name,
        subject=f"Your staff account at {mail.clinic_name}",
        html=html,
        text=text,
        recipients=(Recipient(user.email),),
        categories=("staff-invite",),
    )
