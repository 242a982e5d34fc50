"""Legal documents to HTML: the clinic's details filled in, then Markdown rendered with raw HTML switched off."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

from services.kit.clinic_profile import ClinicProfile
from services.kit.legal_documents import PLACEHOLDER, LegalDocument


def placeholder_values(profile: ClinicProfile) -> dict[str, str]:
    """The profile's texts a document may name, keyed by placeholder."""
    states = [state.name for state in profile.service_area]
    return {
        "clinic_name": profile.name,
        "legal_name": profile.legal_name,
        "phone": profile.phone_display,
        "phone_e164": profile.phone,
        "email": profile.email,
        "privacy_email": profile.privacy_email,
        "address": profile.address.one_line,
        "hours": profile.hours_line,
        "service_area": profile.service_area_line,
        # Used as "you need to be in Florida or New Jersey", so the states are joined with "or".
        "service_states": states[0] if len(states) == 1 else ", ".join(states[:-1]) + " or " + states[-1],
        "price": profile.membership.price_label,
        "medical_director": profile.medical_director.display_name,
    }


def fill_placeholders(body: str, profile: ClinicProfile) -> str:
    """Replace each {{ name }} with the profile's text (names were checked when the document was read)."""
    values = placeholder_values(profile)
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], body)


def heading_ids(state: StateCore) -> None:
    """Give every heading an id from its words, so a section can be linked to (#your-rights)."""
    used: set[str] = set()
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        words = state.tokens[index + 1].content
        base = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") or "section"
        anchor, count = base, 2
        while anchor in used:
            anchor, count = f"{base}-{count}", count + 1
        used.add(anchor)
        token.attrSet("id", anchor)


def markdown_renderer() -> MarkdownIt:
    """CommonMark with tables and typographic quotes and dashes, raw HTML escaped, headings linkable."""
    renderer = MarkdownIt("commonmark", {"html": False, "typographer": True})
    renderer.enable(["table", "replacements", "smartquotes"])
    renderer.core.ruler.push("heading_ids", heading_ids)
    return renderer


def render_legal_html(document: LegalDocument, profile: ClinicProfile) -> Markup:
    """Render one document version as safe HTML for the site layout."""
    # html is off, so any markup in a file or the profile is escaped by the renderer, never passed through.
    return Markup(markdown_renderer().render(fill_placeholders(document.body, profile)))  # noqa: S704
