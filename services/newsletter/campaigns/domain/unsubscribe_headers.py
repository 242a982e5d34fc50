"""RFC 8058 one-click unsubscribe headers (``List-Unsubscribe`` and ``List-Unsubscribe-Post``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

ONE_CLICK = "List-Unsubscribe=One-Click"
# Characters that would break out of the <...> list syntax or start a new header line.
_FORBIDDEN = set('<>, \t\r\n"')


class UnsubscribeHeaderError(ValueError):
    """The unsubscribe URL or address cannot go into a List-Unsubscribe header."""


def list_unsubscribe_headers(
    unsubscribe_url: str, mailto: str | None = None, *, allow_http: bool = False
) -> dict[str, str]:
    """Return the one-click unsubscribe headers for one recipient.

    The URL must be https (Gmail and Yahoo ignore anything else) unless ``allow_http`` is
    passed for local development. ``mailto`` is an address or a ``mailto:`` URI, added after
    the URL for clients that only speak mail.
    """
    entries = [f"<{_checked_url(unsubscribe_url, allow_http)}>"]
    if mailto is not None:
        entries.append(f"<{_checked_mailto(mailto)}>")
    return {"List-Unsubscribe": ", ".join(entries), "List-Unsubscribe-Post": ONE_CLICK}


def _checked_url(url: str, allow_http: bool) -> str:
    """Return the URL if it is an absolute https (or permitted http) URL safe in a header."""
    if not url or _FORBIDDEN & set(url):
        raise UnsubscribeHeaderError("unsubscribe URL contains characters not allowed in a header")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UnsubscribeHeaderError(f"unsubscribe URL is malformed: {exc}") from None
    allowed = {"https", "http"} if allow_http else {"https"}
    if parts.scheme.lower() not in allowed:
        raise UnsubscribeHeaderError("one-click unsubscribe URL must use https")
    if not parts.hostname:
        raise UnsubscribeHeaderError("unsubscribe URL has no host")
    return url


def _checked_mailto(mailto: str) -> str:
    """Return a ``mailto:`` URI for a valid address, keeping any ``?subject=`` query."""
    if _FORBIDDEN & set(mailto):
        raise UnsubscribeHeaderError("unsubscribe address contains characters not allowed in a header")
    uri = mailto if mailto.lower().startswith("mailto:") else f"mailto:{mailto}"
    address = uri[len("mailto:") :].partition("?")[0]
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise UnsubscribeHeaderError(f"unsubscribe address is not valid: {exc}") from None
    return uri
