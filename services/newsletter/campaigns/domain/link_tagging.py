"""Append UTM tags to a campaign's web links so visits can be attributed to the newsletter."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

UTM_SOURCE = "newsletter"
UTM_MEDIUM = "email"
TAGGED_SCHEMES = ("http://", "https://")


def utm_tags(campaign: str) -> tuple[tuple[str, str], ...]:
    """Return the UTM pairs every link of this campaign should carry, in order."""
    return (("utm_source", UTM_SOURCE), ("utm_medium", UTM_MEDIUM), ("utm_campaign", campaign))


def tag_url(url: str, campaign: str) -> str:
    """Return ``url`` with missing UTM tags appended; existing query, fragment and utm_* are kept.

    Only http(s) links are tagged; mailto:, tel: and anything else come back unchanged, and
    tagging an already tagged link changes nothing.
    """
    if not url.lower().startswith(TAGGED_SCHEMES):
        return url
    # Splice by hand rather than re-serialising, so the rest of the link stays byte-for-byte.
    base, hash_mark, fragment = url.partition("#")
    _, question_mark, query = base.partition("?")
    present = {key.lower() for key, _ in parse_qsl(query, keep_blank_values=True)}
    missing = [(key, value) for key, value in utm_tags(campaign) if key not in present]
    if not missing:
        return url
    if not question_mark:
        separator = "?"
    elif base.endswith(("?", "&")):
        separator = ""
    else:
        separator = "&"
    return f"{base}{separator}{urlencode(missing)}{hash_mark}{fragment}"
