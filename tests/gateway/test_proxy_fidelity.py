"""The gateway forwards requests and answers unchanged: method, path, query, headers, status and bytes."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import time

import pytest
import requests

from tests.gateway.conftest import Gateway
from tests.gateway.echo_upstream import pattern


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_method_path_and_query_reach_the_owning_service_unchanged(gateway: Gateway, method: str) -> None:
    """Each method arrives with the path and raw query exactly as sent, at the service owning the prefix."""
    target = "/api/billing/checkout-sessions/cs%2F1?q=a%2Fb&x=1+2&empty=&flag&x=3"
    answer = requests.request(method, gateway.url + target, timeout=10)
    assert answer.status_code == 200
    seen = answer.json()
    assert seen["service"] == "billing"
    assert seen["method"] == method
    assert seen["raw_uri"] == target
    assert seen["query"] == "q=a%2Fb&x=1+2&empty=&flag&x=3"


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/assessment/step/2", "leads"),
        ("/contact", "leads"),
        ("/waitlist", "leads"),
        ("/admin/leads/7", "leads"),
        ("/consultation", "leads"),
        ("/consultation/manage/x", "leads"),
        ("/membership", "billing"),
        ("/webhooks/stripe", "billing"),
        ("/admin/billing", "billing"),
        ("/newsletter/confirm/abc", "newsletter"),
        ("/embed/newsletter.js", "newsletter"),
        ("/webhooks/sendgrid", "newsletter"),
        ("/admin/newsletter/campaigns", "newsletter"),
    ],
)
def test_prefixes_route_to_their_services(gateway: Gateway, path: str, service: str) -> None:
    """Every public prefix in the routing table reaches its own service."""
    answer = requests.get(gateway.url + path, timeout=10)
    assert answer.json()["service"] == service
    assert answer.json()["path"] == path


def test_upstream_status_and_headers_come_back(gateway: Gateway) -> None:
    """The upstream's status code and end-to-end headers reach the caller; repeated Set-Cookie stay separate."""
    answer = requests.get(gateway.url + "/api/leads/anything", headers={"X-Echo-Status": "418"}, timeout=10)
    assert answer.status_code == 418
    hop = requests.get(gateway.url + "/api/leads/hop", timeout=10)
    cookies = hop.raw.headers.getlist("Set-Cookie")
    assert cookies == ["a=1; Path=/", "b=2; Path=/"]


def test_request_headers_reach_the_upstream(gateway: Gateway) -> None:
    """End-to-end request headers pass through untouched, repeated cookies and authorization included."""
    sent = {
        "Authorization": "Bearer abc",
        "Idempotency-Key": "k-1",
        "Cookie": "staff_token=t; x=y",
        "Accept-Language": "es-US",
        "Content-Type": "application/json",
    }
    seen = requests.post(gateway.url + "/api/leads/assessments", data=b"{}", headers=sent, timeout=10).json()
    for key, value in sent.items():
        assert seen["headers"][key] == value


def test_hop_by_hop_headers_are_stripped_both_ways(gateway: Gateway) -> None:
    """Connection-scoped headers, and headers the Connection header names, never cross the gateway."""
    seen = requests.get(
        gateway.url + "/api/leads/x",
        headers={
            "Connection": "keep-alive, X-Caller-Private",
            "X-Caller-Private": "1",
            "Keep-Alive": "timeout=9",
            "TE": "trailers",
            "Upgrade": "websocket",
            "Proxy-Authorization": "Basic eA==",
        },
        timeout=10,
    ).json()["headers"]
    lowered = {key.lower() for key in seen}
    assert not lowered & {"x-caller-private", "keep-alive", "te", "upgrade", "proxy-authorization"}
    # (Werkzeug adds a second Connection header of its own to the echo answer, so only Keep-Alive is checked
    # on the way back.)
    hop = requests.get(gateway.url + "/api/leads/hop", timeout=10)
    assert "Keep-Alive" not in hop.headers


def test_request_id_is_generated_or_passed_through(gateway: Gateway) -> None:
    """A well-formed caller id is kept end to end; otherwise the gateway makes one and hands it upstream."""
    given = requests.get(gateway.url + "/api/leads/x", headers={"X-Request-ID": "req-12345678"}, timeout=10)
    assert given.headers["X-Request-ID"] == "req-12345678"
    assert given.json()["headers"]["X-Request-Id"] == "req-12345678"
    made = requests.get(gateway.url + "/api/leads/x", headers={"X-Request-ID": "bad id!"}, timeout=10)
    assert made.headers["X-Request-ID"] != "bad id!"
    assert made.json()["headers"]["X-Request-Id"] == made.headers["X-Request-ID"]


def test_forwarded_headers_describe_the_original_request(gateway: Gateway) -> None:
    """The upstream learns the caller's address, scheme and host; a caller's own X-Forwarded-For is not believed."""
    seen = requests.get(gateway.url + "/api/leads/x", headers={"X-Forwarded-For": "6.6.6.6"}, timeout=10).json()
    assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert seen["headers"]["X-Real-Ip"] == "127.0.0.1"
    assert seen["headers"]["X-Forwarded-Proto"] == "http"
    assert seen["headers"]["X-Forwarded-Host"] == f"127.0.0.1:{gateway.port}"


def test_forwarded_for_is_appended_behind_trusted_proxies(start_gateway) -> None:  # type: ignore[no-untyped-def]
    """Behind a trusted proxy, the incoming chain is kept, the proxy's address appended, the client named."""
    gateway = start_gateway(TRUSTED_PROXY_RANGES="127.0.0.1/32")
    seen = requests.get(gateway.url + "/api/leads/x", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10).json()
    assert seen["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert seen["headers"]["X-Real-Ip"] == "203.0.113.9"


def test_large_request_bodies_arrive_byte_exact(gateway: Gateway) -> None:
    """A webhook body near the 1 MiB limit reaches the upstream bit for bit."""
    body = pattern(1024 * 1024 - 10, seed=11)
    headers = {"Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x"}
    seen = requests.post(gateway.url + "/webhooks/stripe", data=body, headers=headers, timeout=10).json()
    assert seen["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert seen["body_length"] == len(body)
    assert seen["headers"]["Stripe-Signature"] == "t=1,v1=x"


def test_webhook_form_bodies_are_not_reencoded(gateway: Gateway) -> None:
    """A form-encoded webhook with odd spacing and ordering is forwarded as the very same bytes."""
    body = b"b=2&a=%20space+plus&a=1&%E2%9C%93=yes&empty="
    seen = requests.post(
        gateway.url + "/webhooks/sendgrid",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    ).json()
    assert seen["body_sha256"] == hashlib.sha256(body).hexdigest()


def test_chunked_request_bodies_are_forwarded_whole(gateway: Gateway) -> None:
    """A body sent without Content-Length (chunked) arrives complete."""
    parts = [b'{"part": 1}', b"x" * 5000, b'{"part": 3}']
    seen = requests.post(gateway.url + "/webhooks/stripe", data=iter(parts), timeout=10).json()
    assert seen["body_sha256"] == hashlib.sha256(b"".join(parts)).hexdigest()


def test_large_answers_come_back_byte_exact(gateway: Gateway) -> None:
    """A 2 MiB answer with a Content-Length arrives whole, with that length."""
    answer = requests.get(gateway.url + "/api/leads/large", timeout=10)
    assert answer.headers["Content-Length"] == str(2 * 1024 * 1024)
    assert answer.content == pattern(2 * 1024 * 1024, seed=3)


def test_streamed_answers_arrive_as_they_come_and_byte_exact(gateway: Gateway) -> None:
    """A multi-megabyte answer of unknown length streams through chunk by chunk, unaltered."""
    size = 5 * 1024 * 1024 + 17
    with requests.get(gateway.url + f"/api/newsletter/stream?bytes={size}", stream=True, timeout=10) as answer:
        assert "Content-Length" not in answer.headers
        body = b"".join(answer.iter_content(256 * 1024))
    assert body == pattern(size)


def test_streamed_answers_are_relayed_before_the_upstream_finishes(gateway: Gateway) -> None:
    """The first chunk reaches the caller while the upstream is still working on the rest."""
    started = time.monotonic()
    with requests.get(gateway.url + "/api/leads/trickle?pause=1.5", stream=True, timeout=10) as answer:
        chunks = answer.iter_content(None)
        assert next(chunks) == b"first;"
        first_at = time.monotonic() - started
        assert b"".join(chunks) == b"second;"
    assert first_at < 1.0


def test_compressed_answers_stay_compressed(gateway: Gateway) -> None:
    """A gzip answer keeps its Content-Encoding and its compressed bytes and length."""
    answer = requests.get(gateway.url + "/api/leads/gzip", stream=True, timeout=10)
    raw = answer.raw.read(decode_content=False)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Content-Length"] == str(len(raw))
    assert json.loads(gzip.decompress(raw)[:20]) == {"compressed": True}


def test_head_requests_keep_the_upstream_length(gateway: Gateway) -> None:
    """HEAD is forwarded as HEAD and the upstream's Content-Length survives with no body."""
    answer = requests.head(gateway.url + "/api/leads/large", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Length"] == str(2 * 1024 * 1024)
    assert answer.content == b""


@pytest.mark.parametrize("raw_path", [b"/api/leads/../../internal/events", b"/api/leads/%2e%2e/%2E%2E/internal/events"])
def test_paths_with_dot_segments_are_never_forwarded(gateway: Gateway, raw_path: bytes) -> None:
    """A raw path climbing out of its prefix, plain or percent-encoded, gets 404 and never reaches a service."""
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=5) as sock:
        sock.sendall(b"GET " + raw_path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 404")
    assert b'"service"' not in reply
