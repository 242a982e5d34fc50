"""Odd or broken upstream framings: Caddy relays the right body, or refuses with a 502 in the error shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

from tests.gateway.conftest import Gateway
from tests.gateway.framing_upstream import FramingUpstream


@pytest.fixture
def gateway(start_gateway: Callable[..., Gateway]) -> Iterator[Gateway]:
    """A gateway whose leads upstream answers with canned bytes."""
    with FramingUpstream() as raw:
        yield start_gateway(LEADS_URL=raw.url)


def test_chunked_wins_over_a_content_length_sent_with_it(gateway: Gateway) -> None:
    """An answer with both framings is read as chunked and relayed with honest framing."""
    answer = requests.get(gateway.url + "/api/leads/both-framings", timeout=10)
    assert answer.status_code == 200
    assert answer.content == b"hello"
    assert answer.headers.get("Content-Length") != "40"


def test_an_answer_that_is_not_http_becomes_502(gateway: Gateway) -> None:
    """An upstream that speaks something else gets the caller a 502 in the error shape naming the service."""
    answer = requests.get(gateway.url + "/api/leads/garbage", timeout=10)
    assert answer.status_code == 502
    assert answer.json()["code"] == 502
    assert "leads" in answer.json()["message"]


@pytest.mark.parametrize("path", ["hex-prefix", "plus-sign", "cut-short"])
def test_broken_bodies_are_never_relayed_as_complete(gateway: Gateway, path: str) -> None:
    """Chunk sizes like 0x5 or +5, or a body shorter than its length: the caller's answer breaks off too."""
    # The status line has already gone out when the body turns out broken, so Caddy aborts the answer
    # rather than ending it cleanly; a client must never take it for a whole "hello".
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        requests.get(gateway.url + f"/api/leads/{path}", timeout=10).content  # noqa: B018


def test_headers_the_upstream_names_in_connection_are_dropped(gateway: Gateway) -> None:
    """Hop-by-hop headers of the answer, and those its Connection header names, never reach the caller."""
    answer = requests.get(gateway.url + "/api/leads/hop-named", timeout=10)
    assert answer.content == b"ok"
    assert "X-Upstream-Private" not in answer.headers
    assert "Keep-Alive" not in answer.headers
