"""Rendering a Markdown campaign into safe, tagged, inlined HTML and a plain-text part."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.newsletter.campaigns.domain.footer import MEDICAL_DISCLAIMER, Footer
from services.newsletter.campaigns.domain.placeholders import PREFERENCES_TOKEN, UNSUBSCRIBE_TOKEN
from services.newsletter.campaigns.domain.rendering import (
    CampaignContentError,
    RenderedCampaign,
    personalize,
    render_campaign,
)

FOOTER = Footer(postal_address="100 Biscayne Blvd, Suite 5\nMiami, FL 33132", clinic_name="Sunrise Ketamine Care")
HOSTILE = """# Hello

<script>alert('x')</script>
<img src="x" onerror="alert(1)">
<a href="https://evil.example" onclick="steal()">raw link</a>

[click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)
[vb](vbscript:msgbox) ![pic](javascript:alert(2)) [rel](/relative/path)
"""


class ParsedHtml(HTMLParser):
    """Collect tags, attributes and visible text of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a start tag and its attributes."""
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        """Record text content."""
        self.text.append(data)

    def hrefs(self) -> list[str]:
        """Return every link target in document order."""
        return [value for tag, name, value in self.attributes if tag == "a" and name == "href"]


def render(markdown: str, *, slug: str = "nov-2025", preheader: str = "New research on PPD") -> RenderedCampaign:
    """Render with the test footer and a fixed subject."""
    return render_campaign(markdown, "November news", preheader, slug, FOOTER)


def test_html_has_its_styles_inlined_on_elements():
    """Paragraphs, links and the layout table carry style attributes after inlining."""
    parsed = ParsedHtml(render("Some text with [a link](https://clinic.example/ppd).").html)
    styled = {tag for tag, name, _ in parsed.attributes if name == "style"}
    assert {"p", "a", "table", "td"} <= styled


def test_layout_is_a_single_600px_column_with_system_fonts():
    """The container table is capped at 600px and text uses the system font stack."""
    html = render("Hi").html
    assert "max-width: 600px" in html
    assert "-apple-system" in html
    assert "@media only screen and (max-width: 620px)" in html


def test_raw_html_and_script_links_never_become_markup():
    """Script tags, event handlers and javascript:/data:/relative links do not survive."""
    rendered = render(HOSTILE)
    parsed = ParsedHtml(rendered.html)
    assert "script" not in parsed.tags
    assert not [name for _, name, _ in parsed.attributes if name.startswith("on")]
    for tag, name, value in parsed.attributes:
        if name in ("href", "src"):
            assert value.startswith(("https://", "http://", "-")), (tag, name, value)
    assert ParsedHtml(rendered.html).hrefs() == [UNSUBSCRIBE_TOKEN, PREFERENCES_TOKEN]
    assert "rel (/relative/path)" not in rendered.text


def test_body_links_get_rel_noopener():
    """Every link in the campaign body carries rel="noopener"."""
    parsed = ParsedHtml(render("[one](https://a.example) and [two](mailto:hello@clinic.example)").html)
    rels = [(tag, value) for tag, name, value in parsed.attributes if name == "rel"]
    assert rels == [("a", "noopener"), ("a", "noopener")]


def test_web_links_are_utm_tagged_in_both_parts():
    """An http(s) link gets source, medium and campaign tags in the HTML and the text."""
    rendered = render("Read [the study](https://research.example/paper?id=7#results).")
    tagged = "https://research.example/paper?id=7&utm_source=newsletter&utm_medium=email&utm_campaign=nov-2025#results"
    assert tagged in ParsedHtml(rendered.html).hrefs()
    assert f"the study ({tagged})" in rendered.text


def test_existing_utm_tags_are_kept_and_not_duplicated():
    """A link already tagged by the author keeps its values and gains only what is missing."""
    rendered = render("[partner](https://partner.example/?utm_source=partner&utm_campaign=spring)")
    href = ParsedHtml(rendered.html).hrefs()[0]
    query = parse_qs(urlsplit(href).query)
    assert query == {"utm_source": ["partner"], "utm_campaign": ["spring"], "utm_medium": ["email"]}


def test_rendering_already_tagged_markdown_changes_no_link():
    """Links tagged with this campaign's tags come out exactly as they went in."""
    url = "https://clinic.example/ppd?utm_source=newsletter&utm_medium=email&utm_campaign=nov-2025"
    assert ParsedHtml(render(f"[ppd]({url})").html).hrefs()[0] == url


def test_mailto_and_tel_links_are_left_untagged():
    """Mail and phone links are not given UTM tags."""
    hrefs = ParsedHtml(render("[mail](mailto:care@clinic.example) [call](tel:+13055550123)").html).hrefs()
    assert hrefs[:2] == ["mailto:care@clinic.example", "tel:+13055550123"]


def test_footer_with_placeholders_is_in_both_parts():
    """Both parts carry the unsubscribe and preference placeholders, disclaimer and address."""
    rendered = render("Body")
    assert [UNSUBSCRIBE_TOKEN, PREFERENCES_TOKEN] == ParsedHtml(rendered.html).hrefs()
    html_text = " ".join(ParsedHtml(rendered.html).text)
    for part in (html_text, rendered.text):
        assert "Unsubscribe" in part
        assert MEDICAL_DISCLAIMER in part
        assert "Miami, FL 33132" in part
        assert "Sunrise Ketamine Care" in part
    assert f"Unsubscribe: {UNSUBSCRIBE_TOKEN}" in rendered.text
    assert f"Manage your topics: {PREFERENCES_TOKEN}" in rendered.text


def test_default_disclaimer_points_to_988_and_911():
    """The default medical disclaimer names the crisis line and emergency number."""
    assert "988" in FOOTER.disclaimer and "911" in FOOTER.disclaimer
    assert "not medical advice" in FOOTER.disclaimer


def test_preheader_is_present_and_hidden():
    """The preheader is the first text of the body, in a hidden span."""
    parsed = ParsedHtml(render("Body text", preheader="Three new studies this month").html)
    spans = [value for tag, name, value in parsed.attributes if tag == "span" and name == "style"]
    assert spans and "display: none" in spans[0]
    body_text = "".join(parsed.text).split("November news", 1)[1].strip()
    assert body_text.startswith("Three new studies this month")


def test_empty_preheader_leaves_no_hidden_span():
    """Without a preheader the document has no hidden preview span."""
    assert "span" not in ParsedHtml(render("Body", preheader="").html).tags


def test_text_part_reads_like_the_markdown():
    """Headings, lists, quotes and autolinks turn into readable plain text."""
    text = render("# Title\n\n- one\n- two\n\n> quoted\n\nSee <https://clinic.example>.").text
    assert text.startswith("Title\n=====\n\n- one\n- two\n\n> quoted\n\nSee https://clinic.example?utm_source=")
    assert "<" not in text.split("----")[0].replace("<https", "")


def test_subject_is_escaped_in_the_title():
    """A subject with markup is shown as text, not parsed as HTML."""
    rendered = render_campaign("Hi", "News <b>& more</b>", "", "nov", FOOTER)
    assert "<title>News &lt;b&gt;&amp; more&lt;/b&gt;</title>" in rendered.html


@pytest.mark.parametrize(
    ("subject", "slug", "field"),
    [
        ("", "nov", "subject"),
        ("Hi\r\nBcc: everyone@example.com", "nov", "subject"),
        ("x" * 201, "nov", "subject"),
        ("Hi", "Nov 2025!", "slug"),
    ],
)
def test_bad_subject_or_slug_is_refused_with_its_field(subject, slug, field):
    """Header-injecting or empty subjects and non-slug campaign names are refused."""
    with pytest.raises(CampaignContentError) as caught:
        render_campaign("Hi", subject, "", slug, FOOTER)
    assert caught.value.field == field


def test_footer_refuses_an_empty_postal_address():
    """CAN-SPAM needs a postal address, so an empty one is refused."""
    with pytest.raises(ValueError, match="postal_address"):
        Footer(postal_address="  ", clinic_name="Clinic")


def test_personalize_fills_both_parts_and_escapes_html():
    """Single sends get the recipient's real URLs; the HTML copy is attribute-escaped."""
    urls = {"unsubscribe_url": "https://n.example/u/tok?a=1&b=2", "preferences_url": "https://n.example/p/tok"}
    personal = personalize(render("Body"), urls)
    assert UNSUBSCRIBE_TOKEN not in personal.html + personal.text
    assert PREFERENCES_TOKEN not in personal.html + personal.text
    assert "https://n.example/u/tok?a=1&b=2" in ParsedHtml(personal.html).hrefs()
    assert 'href="https://n.example/u/tok?a=1&amp;b=2"' in personal.html
    assert "Unsubscribe: https://n.example/u/tok?a=1&b=2" in personal.text


def test_personalize_refuses_missing_or_non_web_urls():
    """Every placeholder must be filled with an http(s) URL."""
    with pytest.raises(ValueError):
        personalize(render("Body"), {"unsubscribe_url": "https://n.example/u"})
    with pytest.raises(ValueError):
        personalize(render("Body"), {"unsubscribe_url": "javascript:x", "preferences_url": "https://n.example/p"})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=:/()[]!#*-_ \nabcjsvonerclickscriptimgh")), max_size=300))
def test_no_markdown_input_yields_script_or_handlers(markdown):
    """Whatever the Markdown, the HTML has no script element, no on* attribute, and a footer."""
    rendered = render(markdown)
    parsed = ParsedHtml(rendered.html)
    assert "script" not in parsed.tags
    assert not [name for _, name, _ in parsed.attributes if name.startswith("on")]
    assert UNSUBSCRIBE_TOKEN in rendered.html and UNSUBSCRIBE_TOKEN in rendered.text


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("News for you", None),
        ("  Ünïcode 🙂 ", None),
        ("", "must not be empty"),
        (" \u00a0 ", "must not be empty"),
        ("Two\nlines", "must be a single line without control characters"),
        ("Next line\u0085", "must be a single line without control characters"),
        ("Bell\x07", "must be a single line without control characters"),
        ("x" * 201, "must be at most 200 characters"),
    ],
)
def test_the_api_and_the_renderer_judge_a_subject_alike(subject, message):
    """The schema (which the document states) and the renderer accept the same subjects, with the page's words."""
    from marshmallow import ValidationError

    from services.newsletter.campaigns.schemas import CampaignInSchema

    body = {"slug": "nov", "subject": subject, "preheader": subject, "markdown": "Hi"}
    try:
        CampaignInSchema().load(body)
        schema_words = None
    except ValidationError as exc:
        schema_words = exc.messages["subject"][0]
    try:
        render_campaign("Hi", subject, "", "nov", FOOTER)
        rendered_words = None
    except CampaignContentError as exc:
        rendered_words = exc.message
    assert rendered_words == message
    # Length is the schema's own Length rule (and its words); every other verdict is word for word the page's.
    assert schema_words == message or (message is not None and schema_words == "Length must be between 1 and 200.")
