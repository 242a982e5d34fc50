"""Render a campaign written in Markdown into a safe, responsive HTML part and a plain-text part.

Raw HTML in the Markdown is not interpreted (it shows as text), links other than http(s),
mailto: and tel: are dropped, every web link is UTM-tagged in both parts, and both parts end
with the footer, whose unsubscribe and preference links are placeholders (see placeholders.py).
Merge fields become per-recipient tokens (see merge_fields.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from services.kit.clean_text import ONE_LINE_REFUSED, is_one_line, one_line_with_visible

from .call_to_action import CallToAction, call_to_action_html, call_to_action_text
from .email_layout import email_document
from .footer import Footer, footer_html, footer_text
from .link_tagging import tag_url
from .markdown_text import markdown_tokens_to_text
from .merge_fields import MergeField, MergeFieldError, find_fields, for_part, merge_text_pattern, to_tokens
from .merge_fields import fill as fill_fields
from .merge_fields import substitutions as field_values
from .placeholders import checked_urls, token
from .sanitize import URL_SCHEMES, sanitize_body

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
MAX_SUBJECT_LENGTH = 200
MAX_PREHEADER_LENGTH = 200
# What the API's document states for a subject: the kit's one-line rule and one character other than spaces.
SUBJECT_PATTERN = one_line_with_visible(1)
ONE_LINE_MESSAGE = "must be a single line without control characters"
EMPTY_MESSAGE = "must not be empty"
_NOT_BLANK = re.compile(SUBJECT_PATTERN)
# What the API's document states for each part in all: the checks above and the merge-field grammar.
SUBJECT_DOCUMENTED = merge_text_pattern(ONE_LINE_REFUSED, " ", visible=True)
PREHEADER_DOCUMENTED = merge_text_pattern(ONE_LINE_REFUSED, " ")
# A body may hold any text but NUL (which the JSON guard refuses), on as many lines as it likes.
MARKDOWN_DOCUMENTED = merge_text_pattern("\\u0000", " \\t\\r\\n")


class CampaignContentError(ValueError):
    """A campaign field cannot be rendered; ``field`` names it for the API's error body."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class RenderedCampaign:
    """A campaign ready to send: HTML and text parts and subject (with placeholders) and its merge fields."""

    html: str
    text: str
    subject: str
    fields: tuple[MergeField, ...] = ()


def render_campaign(
    markdown: str,
    subject: str,
    preheader: str,
    slug: str,
    footer: Footer,
    call_to_action: CallToAction | None = None,
    *,
    with_merge_fields: bool = True,
) -> RenderedCampaign:
    """Render Markdown into tagged, sanitised, CSS-inlined HTML and matching plain text, then an optional button.

    Our own emails pass ``with_merge_fields=False``: the text they format in may hold a person's own braces.
    """
    _check_line("subject", subject, MAX_SUBJECT_LENGTH, required=True)
    _check_line("preheader", preheader, MAX_PREHEADER_LENGTH, required=False)
    if not SLUG_PATTERN.fullmatch(slug):
        raise CampaignContentError("slug", "use lowercase letters, digits, '-' and '_' only")
    fields = merge_fields_of(subject, preheader, markdown) if with_merge_fields else ()
    subject, preheader, markdown = (to_tokens(value, fields) for value in (subject, preheader, markdown))
    parser = MarkdownIt("commonmark", {"html": False})
    tokens = parser.parse(markdown)
    _prepare_links(tokens, slug)
    body_html = sanitize_body(parser.renderer.render(tokens, parser.options, {}))
    if call_to_action is not None:
        # Added after sanitising: the button's inline styles are ours, never an author's.
        body_html += call_to_action_html(call_to_action)
    html = email_document(
        subject=subject.strip(),
        preheader=preheader.strip(),
        body_html=body_html,
        footer_html=footer_html(footer),
    )
    body_text = markdown_tokens_to_text(tokens)
    if call_to_action is not None:
        body_text = f"{body_text}\n\n{call_to_action_text(call_to_action)}".strip()
    text = f"{body_text}\n\n{footer_text(footer)}\n" if body_text else f"{footer_text(footer)}\n"
    count = len(fields)
    return RenderedCampaign(
        html=for_part(html, count, "h"),
        text=for_part(text, count, "t"),
        subject=for_part(subject.strip(), count, "t"),
        fields=fields,
    )


def merge_fields_of(subject: str, preheader: str, markdown: str) -> tuple[MergeField, ...]:
    """Return the distinct merge fields in order of first use; raise CampaignContentError naming the field."""
    found: list[MergeField] = []
    for name, value in (("subject", subject), ("preheader", preheader), ("markdown", markdown)):
        try:
            found.extend(find_fields(value))
        except MergeFieldError as exc:
            raise CampaignContentError(name, str(exc)) from None
    return tuple(dict.fromkeys(found))


def sending_subject(subject: str, fields: tuple[MergeField, ...]) -> str:
    """Return the subject as a bulk send carries it: merge fields as the text part's tokens."""
    return for_part(to_tokens(subject.strip(), fields), len(fields), "t")


def personalize(
    rendered: RenderedCampaign, urls: Mapping[str, str], person: Mapping[str, str | None] | None = None
) -> RenderedCampaign:
    """Fill the placeholders and merge fields for one recipient (test sends, preview); raise ValueError."""
    html, text = rendered.html, rendered.text
    for name, url in checked_urls(urls).items():
        html = html.replace(token(name), escape(url, quote=True))
        text = text.replace(token(name), url)
    values = field_values(rendered.fields, person or {})
    return RenderedCampaign(
        html=fill_fields(html, values), text=fill_fields(text, values), subject=fill_fields(rendered.subject, values)
    )


def _prepare_links(tokens: Sequence[Token], slug: str) -> None:
    """UTM-tag web links and unwrap links or images the sanitiser would drop, in both parts alike."""
    for block in tokens:
        if not block.children:
            continue
        kept: list[Token] = []
        unwrapping = False
        for child in block.children:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                unwrapping = not _allowed_url(href)
                if unwrapping:
                    continue
                child.attrSet("href", tag_url(href, slug))
            elif child.type == "link_close" and unwrapping:
                unwrapping = False
                continue
            elif child.type == "image" and not _allowed_url(str(child.attrGet("src") or "")):
                continue
            kept.append(child)
        block.children = kept


def _allowed_url(url: str) -> bool:
    """Tell whether a link target is absolute with a scheme an email may carry."""
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme in ("http", "https"):
        return rest.startswith("//") and len(rest) > 2
    return bool(colon) and scheme in URL_SCHEMES


def _check_line(field: str, value: str, limit: int, *, required: bool) -> None:
    """Refuse a header-bound value that is empty when required, too long, or has line breaks."""
    if len(value) > limit:
        raise CampaignContentError(field, f"must be at most {limit} characters")
    if not is_one_line(value):
        raise CampaignContentError(field, ONE_LINE_MESSAGE)
    if required and not _NOT_BLANK.match(value):
        raise CampaignContentError(field, EMPTY_MESSAGE)
