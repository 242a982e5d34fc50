"""A button-like link placed after an email's body, built for email clients (tables, inline styles)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Inline styles and a bgcolor cell because many clients drop <style> and ignore padding on links.
_CELL_STYLE = "border-radius: 6px; background-color: #1d4ed8;"
_LINK_STYLE = (
    "display: inline-block; padding: 14px 28px; border-radius: 6px; background-color: #1d4ed8; "
    "color: #ffffff; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, "
    "sans-serif; font-size: 17px; font-weight: bold; line-height: 1.2; text-decoration: none;"
)


@dataclass(frozen=True)
class CallToAction:
    """The one thing the email asks the reader to do: a label and an absolute http(s) URL."""

    label: str
    url: str

    def __post_init__(self) -> None:
        """Refuse an empty label or a URL that is not absolute http(s)."""
        if not self.label.strip():
            raise ValueError("call to action label must not be empty")
        if not self.url.lower().startswith(("https://", "http://")):
            raise ValueError("call to action URL must be an absolute http(s) URL")


def call_to_action_html(action: CallToAction) -> str:
    """Return the button as a table-based HTML fragment."""
    return (
        '<table role="presentation" class="cta" cellpadding="0" cellspacing="0" border="0" '
        'style="margin: 8px 0 24px 0;"><tr>'
        f'<td align="center" bgcolor="#1d4ed8" style="{_CELL_STYLE}">'
        f'<a href="{escape(action.url, quote=True)}" rel="noopener" style="{_LINK_STYLE}">{escape(action.label)}</a>'
        "</td></tr></table>"
    )


def call_to_action_text(action: CallToAction) -> str:
    """Return the button for the plain-text part: its label and the URL on its own line."""
    return f"{action.label}:\n{action.url}"
