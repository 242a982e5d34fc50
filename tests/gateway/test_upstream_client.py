"""The gateway's upstream client on framings and failures a Flask upstream rarely shows, on both paths."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.gateway.raw_upstream import RawUpstream
from tests.support.servers import ThreadServer


@pytest.fixture
def raw() -> Iterator[RawUpstream]:
    """A byte-exact upstream for the leads prefixes."""
    with RawUpstream() as server:
        yield server


@pytest.fixture
def gateway(start_gateway: Callable[..., ThreadServer], raw: RawUpstream) -> ThreadServer:
    """A gateway whose leads service is the byte-exact upstream."""
    return start_gateway(LEADS_URL=raw.url)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_chunked_answers_arrive_whole_without_trailers(gateway: ThreadServer, method: str) -> None:
    """Chunk extensions and trailers are consumed; the caller gets the data, and the connection is reused."""
    for _ in range(2):
        answer = requests.request(method, gateway.url + "/api/leads/chunked", timeout=10)
        assert answer.content == b"hello, world"
        assert "X-Trailer" not in answer.headers


def test_keep_alive_connections_are_reused(gateway: ThreadServer, raw: RawUpstream) -> None:
    """Several answers come over one upstream connection."""
    for _ in range(3):
        assert requests.get(gateway.url + "/api/leads/chunked", timeout=10).status_code == 200
    assert raw.connections == 1


def test_answers_delimited_by_closing_arrive_whole(gateway: ThreadServer, raw: RawUpstream) -> None:
    """An HTTP/1.0 answer without a length is read to the end, and the next request opens a new connection."""
    for _ in range(2):
        assert requests.get(gateway.url + "/api/leads/until-close", timeout=10).content == b"z" * 300_000
    assert raw.connections == 2


def test_folded_headers_and_interim_answers_are_understood(gateway: ThreadServer) -> None:
    """Obsolete line folding is unfolded, and a 103 before the real answer is skipped."""
    assert requests.get(gateway.url + "/api/leads/folded", timeout=10).headers["X-Folded"] == "one two"
    hinted = requests.get(gateway.url + "/api/leads/early-hints", timeout=10)
    assert (hinted.status_code, hinted.content) == (200, b"ok")


@pytest.mark.parametrize(("path", "words"), [("garbage", "not answering"), ("cut-short", "cut short")])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_broken_answers_become_502(gateway: ThreadServer, path: str, words: str, method: str) -> None:
    """A non-HTTP reply or a body shorter than announced is a 502 in the error shape, naming the service."""
    answer = requests.request(method, gateway.url + f"/api/leads/{path}", timeout=10)
    assert answer.status_code == 502
    assert answer.json()["code"] == 502
    assert words in answer.json()["message"]
    assert "leads" in answer.json()["message"]


def test_connections_the_upstream_closed_are_not_reused(gateway: ThreadServer, raw: RawUpstream) -> None:
    """After the upstream hangs up an idle connection, reads and writes go out on a fresh one."""
    assert requests.get(gateway.url + "/api/leads/then-close", timeout=10).status_code == 200
    assert requests.get(gateway.url + "/api/leads/then-close", timeout=10).status_code == 200
    time.sleep(0.2)
    assert requests.post(gateway.url + "/api/leads/then-close", data=b"x", timeout=10).status_code == 200
    assert raw.connections == 3
