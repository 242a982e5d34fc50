"""RFC 8058 one-click unsubscribe headers."""

from __future__ import annotations

import pytest

from services.newsletter.campaigns.domain.unsubscribe_headers import UnsubscribeHeaderError, list_unsubscribe_headers

URL = "https://news.clinic.example/unsubscribe/abc.def-ghi_jkl"


def test_https_url_gives_both_headers():
    """The URL is bracketed and the one-click POST header is present."""
    assert list_unsubscribe_headers(URL) == {
        "List-Unsubscribe": f"<{URL}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_mailto_is_added_after_the_url():
    """An address becomes a mailto: URI listed after the https URL."""
    headers = list_unsubscribe_headers(URL, "unsubscribe@clinic.example")
    assert headers["List-Unsubscribe"] == f"<{URL}>, <mailto:unsubscribe@clinic.example>"


def test_mailto_uri_with_subject_is_kept():
    """A mailto: URI with a subject query is passed through."""
    headers = list_unsubscribe_headers(URL, "mailto:u@clinic.example?subject=unsubscribe")
    assert headers["List-Unsubscribe"].endswith("<mailto:u@clinic.example?subject=unsubscribe>")


def test_http_is_refused_unless_allowed():
    """Plain http is refused, except when local development allows it explicitly."""
    with pytest.raises(UnsubscribeHeaderError, match="https"):
        list_unsubscribe_headers("http://127.0.0.1:8000/u/abc")
    headers = list_unsubscribe_headers("http://127.0.0.1:8000/u/abc", allow_http=True)
    assert headers["List-Unsubscribe"] == "<http://127.0.0.1:8000/u/abc>"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "/unsubscribe/abc",
        "https:///nohost",
        "javascript:alert(1)",
        "https://x.example/u\r\nBcc: all@example.com",
        "https://x.example/u>, <https://evil.example",
        "https://[::1/u",
    ],
)
def test_bad_urls_are_refused(url):
    """Relative, hostless, non-web and header-breaking URLs are refused."""
    with pytest.raises(UnsubscribeHeaderError):
        list_unsubscribe_headers(url)


@pytest.mark.parametrize("mailto", ["not-an-address", "a@b.example>, <https://evil.example", "mailto:"])
def test_bad_mailto_is_refused(mailto):
    """A malformed or header-breaking unsubscribe address is refused."""
    with pytest.raises(UnsubscribeHeaderError):
        list_unsubscribe_headers(URL, mailto)
