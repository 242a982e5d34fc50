"""The footer every campaign carries: unsubscribe and preference links, disclaimer, postal address."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .placeholders import PREFERENCES_TOKEN, UNSUBSCRIBE_TOKEN

MEDICAL_DISCLAIMER = (
    "This newsletter is for general information and is not medical advice. "
    "If you are in crisis, call or text 988 (Suicide & Crisis Lifeline) or call 911."
)


@dataclass(frozen=True, kw_only=True)
class Footer:
    """The sender's identity and the disclaimer; CAN-SPAM requires a valid postal address."""

    postal_address: str
    clinic_name: str
    disclaimer: str = MEDICAL_DISCLAIMER
    # A confirmation request goes to someone not yet subscribed: no unsubscribe links, a different reason.
    confirmation: bool = False

    def __post_init__(self) -> None:
        """Refuse a footer with an empty address, name or disclaimer."""
        for name in ("postal_address", "clinic_name", "disclaimer"):
            if not getattr(self, name).strip():
                raise ValueError(f"footer {name} must not be empty")

    def address_lines(self) -> list[str]:
        """Return the postal address split into non-empty lines."""
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]


def confirmation_note(footer: Footer) -> str:
    """Return why a confirmation request arrived and what ignoring it does."""
    return (
        f"You are receiving this email because you, or someone using your address, asked to subscribe "
        f"to {footer.clinic_name}'s newsletter. If you ignore it, you will not be subscribed and "
        "will hear nothing more from us."
    )


def footer_html(footer: Footer) -> str:
    """Return the footer as an HTML fragment with unsubscribe and preference placeholders."""
    address = "<br>".join(escape(line) for line in footer.address_lines())
    if footer.confirmation:
        return (
            f'<p class="footer-note">{escape(confirmation_note(footer))}</p>'
            f'<p class="disclaimer">{escape(footer.disclaimer)}</p>'
            f'<p class="address">{escape(footer.clinic_name)}<br>{address}</p>'
        )
    return (
        '<p class="footer-links">'
        f'<a href="{UNSUBSCRIBE_TOKEN}">Unsubscribe</a> &middot; '
        f'<a href="{PREFERENCES_TOKEN}">Manage your topics</a></p>'
        f'<p class="footer-note">You are receiving this because you subscribed to '
        f"{escape(footer.clinic_name)}&rsquo;s newsletter.</p>"
        f'<p class="disclaimer">{escape(footer.disclaimer)}</p>'
        f'<p class="address">{escape(footer.clinic_name)}<br>{address}</p>'
    )


def footer_text(footer: Footer) -> str:
    """Return the footer as plain text with unsubscribe and preference placeholders."""
    if footer.confirmation:
        lines = ["----", confirmation_note(footer), "", footer.disclaimer, "", footer.clinic_name]
        return "\n".join([*lines, *footer.address_lines()])
    return "\n".join(
        [
            "----",
            f"You are receiving this because you subscribed to {footer.clinic_name}'s newsletter.",
            f"Unsubscribe: {UNSUBSCRIBE_TOKEN}",
            f"Manage your topics: {PREFERENCES_TOKEN}",
            "",
            footer.disclaimer,
            "",
            footer.clinic_name,
            *footer.address_lines(),
        ]
    )
