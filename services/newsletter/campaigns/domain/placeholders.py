"""Per-recipient placeholders left in a rendered campaign and filled in at send time.

Tokens have the form ``-name-`` (``-unsubscribe_url-``, ``-preferences_url-``), the form
SendGrid's per-personalization ``substitutions`` replace in the subject, HTML and text parts.
They contain no characters that HTML escaping, CSS inlining or Markdown would change, and
unlike ``{{name}}`` they do not clash with SendGrid's Handlebars dynamic templates. A bulk send
passes ``substitutions(urls)`` in each personalization; a single send (test, welcome) calls
``rendering.personalize`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping

PLACEHOLDER_NAMES: tuple[str, ...] = ("unsubscribe_url", "preferences_url")
# SendGrid substitutes the same value into the HTML and text parts, so it must need no escaping.
_UNSAFE_IN_HTML = set("&<>\"' \t\r\n")


def token(name: str) -> str:
    """Return the substitution token for a placeholder name, e.g. ``-unsubscribe_url-``."""
    if name not in PLACEHOLDER_NAMES:
        raise KeyError(name)
    return f"-{name}-"


UNSUBSCRIBE_TOKEN = token("unsubscribe_url")
PREFERENCES_TOKEN = token("preferences_url")


def checked_urls(urls: Mapping[str, str]) -> dict[str, str]:
    """Return the recipient's URLs keyed by placeholder name; raise ValueError if any is missing or odd."""
    missing = [name for name in PLACEHOLDER_NAMES if not urls.get(name)]
    unknown = [name for name in urls if name not in PLACEHOLDER_NAMES]
    if missing or unknown:
        raise ValueError(f"placeholder URLs: missing {missing}, unknown {unknown}")
    for name in PLACEHOLDER_NAMES:
        if not urls[name].lower().startswith(("https://", "http://")):
            raise ValueError(f"{name} must be an http(s) URL")
    return {name: urls[name] for name in PLACEHOLDER_NAMES}


def substitutions(urls: Mapping[str, str]) -> dict[str, str]:
    """Return a SendGrid personalization ``substitutions`` object for one recipient."""
    checked = checked_urls(urls)
    for name, url in checked.items():
        if _UNSAFE_IN_HTML & set(url):
            raise ValueError(f"{name} must not contain characters that need HTML escaping")
    return {token(name): url for name, url in checked.items()}
