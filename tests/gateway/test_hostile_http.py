"""Hostile HTTP at the real Caddy: smuggling, odd framing and encoded traversal are refused before any service."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from gateway.app import create_app
from tests.gateway.echo_upstream import echo_app
from tests.gateway.recording_upstream import RecordingUpstream
from tests.support.caddy import CaddyServer
from tests.support.servers import ThreadServer

SERVICES = ("leads", "billing", "newsletter")


@dataclass(frozen=True)
class Front:
    """A started Caddy with recording upstreams behind it."""

    caddy: CaddyServer
    upstreams: dict[str, RecordingUpstream]

    def reached(self) -> list[str]:
        """Every raw target any service or the gateway app received since the last clear."""
        return [target for upstream in self.upstreams.values() for target in upstream.targets()]

    def clear(self) -> None:
        """Forget what the upstreams recorded."""
        for upstream in self.upstreams.values():
            upstream.clear()


def start_front(stack: ExitStack, state: Path, write_limit: str = "10000/minute") -> Front:
    """Start recording echo upstreams, the gateway app (recorded too) and Caddy in front of them."""
    limits = {"RATELIMIT_KEY_PREFIX": f"hostile-{uuid.uuid4().hex[:10]}", "PUBLIC_WRITE_LIMIT": write_limit}
    recorders = {name: RecordingUpstream(echo_app(name, env=limits)) for name in SERVICES}
    servers = {name: stack.enter_context(ThreadServer(app)) for name, app in recorders.items()}
    env = {
        "APP_ENV": "development",
        "LOG_LEVEL": "WARNING",
        "GATEWAY_DATABASE_URL": f"sqlite:///{state / 'gateway.db'}",
        "UPSTREAM_READ_TIMEOUT": "5s",
        **{f"{name.upper()}_URL": server.url for name, server in servers.items()},
    }
    recorders["gateway"] = RecordingUpstream(create_app(env))
    app = stack.enter_context(ThreadServer(recorders["gateway"]))
    caddy = stack.enter_context(CaddyServer({**env, "GATEWAY_APP_URL": app.url}, state / "caddy"))
    return Front(caddy, recorders)


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    """One front door for the module; each test starts with empty recordings."""
    with ExitStack() as stack:
        yield start_front(stack, tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def gateway(front: Front) -> Front:
    """The module's front door, recordings cleared."""
    front.clear()
    return front


def exchange(port: int, raw: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes on a fresh connection and read everything until the gateway hangs up."""
    reply = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return reply


def status_of(reply: bytes) -> int:
    """The status code of the first answer in `reply`, 0 when there is none."""
    parts = reply.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


# Each case: raw request bytes meant to confuse the framing or the routing. Caddy refuses each itself
# (4xx, or 501 for a transfer coding it does not speak); no upstream sees any of it.
REFUSED: dict[str, bytes] = {
    "two-content-lengths": b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n"
    b"Connection: close\r\n\r\nabcGET /internal/events HTTP/1.1\r\nHost: x\r\n\r\n",
    "transfer-encoding-not-chunked": b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
    b"Connection: close\r\n\r\nabc",
    "transfer-encoding-chunked-twice": b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
    "space-before-colon": b"GET /api/leads/probe HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n"
    b"Connection: close\r\n\r\n",
    "absolute-form-to-internal": b"GET http://internal.example/internal/events HTTP/1.1\r\nHost: x\r\n"
    b"Connection: close\r\n\r\n",
    "absolute-form-other-host": b"GET http://evil.example/api/leads/probe HTTP/1.1\r\nHost: evil.example\r\n"
    b"Connection: close\r\n\r\n",
    "authority-form": b"CONNECT evil.example:80 HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
    "encoded-dot-segments": b"GET /api/leads/%2e%2e/%2e%2e/internal/events HTTP/1.1\r\nHost: x\r\n"
    b"Connection: close\r\n\r\n",
    "encoded-slash-to-internal": b"GET /internal%2fevents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "encoded-slash-climb": b"GET /api/leads/..%2f..%2finternal/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "oversized-headers": b"GET /api/leads/probe HTTP/1.1\r\nHost: x\r\nX-Big: "
    + b"a" * (1024 * 1024 + 10)
    + b"\r\nConnection: close\r\n\r\n",
    "no-host": b"GET /api/leads/probe HTTP/1.1\r\nConnection: close\r\n\r\n",
    "two-hosts": b"GET /api/leads/probe HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
    "control-character-in-target": b"GET /api/leads/pro\x00be HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_requests_are_refused_before_any_upstream(gateway: Front, case: str) -> None:
    """The gateway answers a 4xx (or 501) itself; no service and no path under /internal sees the request."""
    reply = exchange(gateway.caddy.port, REFUSED[case])
    assert 400 <= status_of(reply) <= 501, reply[:300]
    assert b"HTTP/1.1 2" not in reply, "a smuggled second request was answered"
    assert gateway.reached() == []


def test_transfer_encoding_wins_over_content_length_and_the_rest_is_routed_by_caddy(gateway: Front) -> None:
    """With both framings the body is read as chunked (RFC 9112 §6.3); the request hidden behind it meets a 404."""
    raw = (
        b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\nGET /internal/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    reply = exchange(gateway.caddy.port, raw)
    assert reply.count(b"HTTP/1.1 ") == 2
    assert reply.rsplit(b"HTTP/1.1 ", 1)[1].startswith(b"404")
    [reached] = gateway.upstreams["leads"].seen
    assert reached.target == "/api/leads/probe"
    # The upstream gets one framing only, so it cannot read the body differently from Caddy.
    assert not ("content-length" in reached.headers and "transfer-encoding" in reached.headers)
    assert reached.headers.get("content-length", "0") == "0"
    assert gateway.reached() == ["/api/leads/probe"]


def test_folded_and_bare_lf_headers_reach_the_upstream_only_as_caddy_read_them(gateway: Front) -> None:
    """Obs-fold is unfolded and a bare LF ends a line (RFC 9112 §5.2, §2.2); the upstream gets clean CRLF headers."""
    raw = (
        b"GET /api/leads/probe HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  folded\r\nX-Split: b\nX-Next: 1\r\n"
        b"Connection: close\r\n\r\n"
    )
    reply = exchange(gateway.caddy.port, raw)
    assert status_of(reply) == 200
    [reached] = gateway.upstreams["leads"].seen
    assert reached.headers["x-folded"] == "a folded"
    assert reached.headers["x-split"] == "b"
    assert reached.headers["x-next"] == "1"


def test_content_length_named_in_connection_is_not_dropped_into_ambiguity(gateway: Front) -> None:
    """`Connection: Content-Length` cannot strip the length off a body so the upstream reads it otherwise."""
    raw = (
        b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nConnection: Content-Length, close\r\n"
        b"Content-Length: 3\r\n\r\nabc"
    )
    reply = exchange(gateway.caddy.port, raw)
    seen = gateway.upstreams["leads"].seen
    assert status_of(reply) in (200, 400)
    assert all(reached.headers.get("content-length", "3") == "3" for reached in seen)


def test_connection_cannot_strip_the_forwarded_address(gateway: Front) -> None:
    """`Connection: X-Forwarded-For, X-Real-IP` does not let a caller remove the address the gateway adds."""
    raw = (
        b"GET /api/leads/probe HTTP/1.1\r\nHost: x\r\nConnection: X-Forwarded-For, X-Real-IP, close\r\n"
        b"X-Forwarded-For: 203.0.113.66\r\n\r\n"
    )
    reply = exchange(gateway.caddy.port, raw)
    assert status_of(reply) == 200
    [reached] = gateway.upstreams["leads"].seen
    assert reached.headers["x-real-ip"] == "127.0.0.1"
    assert reached.headers["x-forwarded-for"] == "127.0.0.1"


def test_a_smuggled_request_after_a_chunked_body_is_never_forwarded_inside_it(gateway: Front) -> None:
    """A well-framed chunked body is forwarded alone; bytes after it are a new request Caddy routes itself."""
    raw = (
        b"POST /api/leads/probe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        b"GET /internal/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    reply = exchange(gateway.caddy.port, raw)
    assert reply.count(b"HTTP/1.1 ") == 2
    assert b"HTTP/1.1 404" in reply
    assert gateway.reached() == ["/api/leads/probe"]


def test_absolute_form_is_refused_even_for_our_own_host(gateway: Front) -> None:
    """Browsers never send absolute-form to an origin; even naming the gateway itself it is refused with a 400."""
    port = gateway.caddy.port
    host = f"127.0.0.1:{port}".encode()
    for path in (b"/api/leads/probe", b"/internal/events"):
        raw = b"GET http://" + host + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
        assert status_of(exchange(port, raw)) == 400
    assert gateway.reached() == []


@pytest.mark.parametrize("target", ["/internal/events", "/INTERNAL/events", "//internal/events", "/internal/./events"])
def test_internal_paths_in_any_spelling_are_not_forwarded(gateway: Front, target: str) -> None:
    """Case, doubled slashes and dot segments do not open the service-to-service endpoints."""
    reply = exchange(gateway.caddy.port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status_of(reply) == 404
    assert not any("internal" in target.lower() for target in gateway.reached())


def test_a_spoofed_forwarded_for_moves_neither_the_limit_nor_the_recorded_address(tmp_path: Path) -> None:
    """From an untrusted peer, a new X-Forwarded-For per request still counts against the one real address."""
    with ExitStack() as stack:
        front = start_front(stack, tmp_path, write_limit="2/minute")
        statuses = []
        for n in range(3):
            answer = requests.post(
                front.caddy.url + "/contact", data=b"a=1", headers={"X-Forwarded-For": f"198.51.100.{n}"}, timeout=10
            )
            statuses.append(answer.status_code)
        addresses = {reached.headers.get("x-real-ip") for reached in front.upstreams["leads"].seen}
        forwarded = {reached.headers.get("x-forwarded-for") for reached in front.upstreams["leads"].seen}
    assert statuses == [200, 200, 429]
    assert addresses == {"127.0.0.1"}
    assert forwarded == {"127.0.0.1"}
