"""The HTML allowed in a campaign body: what email clients render well and nothing executable."""

from __future__ import annotations

import nh3

BODY_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "ul",
    }
)  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_body(html: str) -> str:
    """Return ``html`` reduced to the email allowlist; links get ``rel="noopener"``."""
    return nh3.clean(
        html,
        tags=set(BODY_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in BODY_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        # A relative link has no base in an inbox, so it could only ever be broken.
        url_relative="deny",
        link_rel="noopener",
        strip_comments=True,
    )
