"""Merge fields: one syntax, refused when unknown or malformed, filled per recipient by substitution only."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.newsletter.campaigns.domain.footer import Footer
from services.newsletter.campaigns.domain.merge_fields import MergeField, catalogue, find_fields, substitutions
from services.newsletter.campaigns.domain.placeholders import substitutions as url_substitutions
from services.newsletter.campaigns.domain.rendering import (
    MARKDOWN_DOCUMENTED,
    PREHEADER_DOCUMENTED,
    SUBJECT_DOCUMENTED,
    CampaignContentError,
    personalize,
    render_campaign,
    sending_subject,
)
from services.newsletter.campaigns.schemas import CampaignInSchema
from standins.sendgrid.records import _substitute

FOOTER = Footer(postal_address="100 Biscayne Blvd\nMiami, FL 33132", clinic_name="Sunrise Ketamine Care")
URLS = {"unsubscribe_url": "https://clinic.example/u?t=1", "preferences_url": "https://clinic.example/p?t=1"}
BODY = 'Hello {{ first_name | fallback: "there" }},\n\nWe write to {{email}} with **news**.'


def _render(markdown: str = BODY, subject: str = 'News for {{first_name|fallback:"you"}}') -> object:
    """Render a campaign with the test footer."""
    return render_campaign(markdown, subject, "", "news", FOOTER)


def test_fields_with_and_without_fallback_are_read() -> None:
    """Both spellings with spaces or none give the same field; email needs no fallback."""
    assert find_fields('{{ first_name | fallback: "there" }} {{first_name|fallback:"there"}} {{ email }}') == [
        MergeField("first_name", "there"),
        MergeField("first_name", "there"),
        MergeField("email", ""),
    ]
    assert catalogue("{{ email }}", '{{ first_name | fallback: "x" }} {{ email }}') == (
        MergeField("email", ""),
        MergeField("first_name", "x"),
    )


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("Hi {{ last_name }}", "unknown field 'last_name'"),
        ('Hi {{ diagnosis | fallback: "x" }}', "unknown field 'diagnosis'"),
        ("Hi {{ first_name }}", "needs a fallback"),
        ('Hi {{ first_name | default: "x" }}', "is not a merge field"),
        ("Hi {{ first_name | fallback: there }}", "is not a merge field"),
        ('Hi {{ first_name | fallback: "there" }', "Unbalanced braces"),
        ("Hi first_name }} and more", "Unbalanced braces"),
        ("Hi {{ {{ email }}", "is not a merge field"),
        ("Hi {{}}", "is not a merge field"),
    ],
)
def test_an_unknown_or_malformed_field_is_refused_in_the_body(markdown: str, words: str) -> None:
    """Rendering refuses the body, naming the field and what is wrong, so no literal braces are sent."""
    with pytest.raises(CampaignContentError) as refused:
        _render(markdown)
    assert refused.value.field == "markdown" and words in refused.value.message


def test_a_bad_field_in_the_subject_names_the_subject() -> None:
    """The error points at the subject when the subject holds the bad field."""
    with pytest.raises(CampaignContentError) as refused:
        _render(subject="Hi {{ name }}")
    assert refused.value.field == "subject"


def test_two_subscribers_get_their_own_values_and_the_fallback() -> None:
    """The bulk copy carries tokens; each recipient's substitutions fill name or fallback in every part."""
    rendered = _render()
    assert "{{" not in rendered.html + rendered.text + rendered.subject  # type: ignore[attr-defined]
    fields = rendered.fields  # type: ignore[attr-defined]
    subject = sending_subject('News for {{first_name|fallback:"you"}}', fields)
    for person, name, subject_name in (
        ({"first_name": "Maya", "email": "maya@example.com"}, "Maya", "Maya"),
        ({"first_name": None, "email": "sam@example.com"}, "there", "you"),
    ):
        values = {**url_substitutions(URLS), **substitutions(fields, person)}
        pairs = sorted(values.items(), key=lambda pair: -len(pair[0]))
        text = _substitute(rendered.text, pairs)  # type: ignore[attr-defined]
        html = _substitute(rendered.html, pairs)  # type: ignore[attr-defined]
        assert f"Hello {name}," in text and f"We write to {person['email']}" in text
        assert f"Hello {name}," in html and "-merge" not in html + text
        assert _substitute(subject, pairs) == f"News for {subject_name}"


def test_values_are_escaped_in_html_and_never_executed() -> None:
    """A name with markup is escaped in the HTML part, plain in the text part, and braces in it stay inert."""
    rendered = _render()
    person = {"first_name": "<b>Jo</b> {{ email }}", "email": "jo@example.com"}
    final = personalize(rendered, URLS, person)  # type: ignore[arg-type]
    assert "Hello &lt;b&gt;Jo&lt;/b&gt; {{ email }}," in final.html
    assert "Hello <b>Jo</b> {{ email }}," in final.text
    assert final.subject == "News for <b>Jo</b> {{ email }}"


def test_a_name_with_line_breaks_is_flattened() -> None:
    """Control characters in a stored name never reach the subject line."""
    assert MergeField("first_name", "there").value({"first_name": "Jo\r\nBcc: x"}) == "Jo  Bcc: x"


# Text made of the pieces merge fields are written with, so braces meet in every arrangement.
_PIECES = st.lists(
    st.sampled_from(
        ["{", "}", "{{", "}}", " ", "\t", "\n", "email", "first_name", "name", "|", "fallback", ":", '"', "x"]
        + ["{{ email }}", '{{first_name|fallback:""}}']
    ),
    max_size=14,
).map("".join)


@given(text=_PIECES)
@settings(max_examples=600, deadline=None)
def test_the_documented_patterns_accept_exactly_what_the_campaign_checks_accept(text):
    """For subject, preheader and body alike, the document's pattern and the schema plus renderer agree."""
    base = {"slug": "nov", "subject": "News", "preheader": "", "markdown": "Hi"}
    for field, pattern in (
        ("subject", SUBJECT_DOCUMENTED),
        ("preheader", PREHEADER_DOCUMENTED),
        ("markdown", MARKDOWN_DOCUMENTED),
    ):
        body = {**base, field: text}
        try:
            data = CampaignInSchema().load(body)
            render_campaign(data["markdown"], data["subject"], data["preheader"], data["slug"], FOOTER)
            accepted = True
        except (ValidationError, CampaignContentError):
            accepted = False
        documented = re.fullmatch(pattern, text) is not None and (field == "preheader" or len(text) >= 1)
        assert accepted is documented, (field, text)
