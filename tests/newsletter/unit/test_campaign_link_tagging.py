"""UTM tagging of campaign links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.newsletter.campaigns.domain.link_tagging import tag_url

TAGS = "utm_source=newsletter&utm_medium=email&utm_campaign=nov-2025"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://clinic.example/ppd", f"https://clinic.example/ppd?{TAGS}"),
        ("https://clinic.example/ppd?a=1&b=", f"https://clinic.example/ppd?a=1&b=&{TAGS}"),
        ("https://clinic.example/ppd#faq", f"https://clinic.example/ppd?{TAGS}#faq"),
        ("https://clinic.example/?q=a%20b#x?y", f"https://clinic.example/?q=a%20b&{TAGS}#x?y"),
        ("http://clinic.example/?", f"http://clinic.example/?{TAGS}"),
        ("HTTPS://Clinic.example/A", f"HTTPS://Clinic.example/A?{TAGS}"),
    ],
)
def test_web_links_get_tags_with_query_and_fragment_kept(url, expected):
    """Tags go after the existing query and before the fragment, the rest untouched."""
    assert tag_url(url, "nov-2025") == expected


@pytest.mark.parametrize("url", ["mailto:care@clinic.example", "tel:+13055550123", "/relative", "ftp://x.example/f"])
def test_non_web_links_are_unchanged(url):
    """mailto:, tel:, relative and other links are left as they are."""
    assert tag_url(url, "nov-2025") == url


def test_existing_utm_values_win():
    """An author's utm_source is kept and only the missing tags are added."""
    tagged = tag_url("https://p.example/?UTM_SOURCE=partner", "nov")
    assert tagged == "https://p.example/?UTM_SOURCE=partner&utm_medium=email&utm_campaign=nov"


web_urls = st.builds(
    lambda host, path, query, fragment: f"https://{host}.example/{path}{query}{fragment}",
    st.from_regex(r"[a-z]{1,10}", fullmatch=True),
    st.from_regex(r"[a-z0-9/]{0,12}", fullmatch=True),
    st.sampled_from(["", "?", "?a=1", "?a=1&", "?utm_source=x", "?utm_medium=&k=v", "?x=%20y"]),
    st.sampled_from(["", "#", "#top", "#a?b=c"]),
)


@given(web_urls, st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True))
def test_tagging_is_idempotent_and_complete(url, campaign):
    """Tagging twice equals tagging once, only appends, and every utm key appears exactly once."""
    once = tag_url(url, campaign)
    assert tag_url(once, campaign) == once
    keys = [key for key, _ in parse_qsl(urlsplit(once).query, keep_blank_values=True)]
    for key in ("utm_source", "utm_medium", "utm_campaign"):
        assert keys.count(key) == 1
    assert once.partition("#")[0].startswith(url.partition("#")[0])
    assert urlsplit(once).fragment == urlsplit(url).fragment
