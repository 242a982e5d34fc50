"""A lean HTTP/1.1 client for the gateway's upstreams: pooled keep-alive sockets, answers relayed as bytes.

Forwarding needs far less than a general client does (no redirects, cookies, decoding or retries beyond a
stale keep-alive socket), and on a small host that general machinery cost more CPU than the service behind it.
"""
from __future__ import annotations

import io
import logging
import select
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

log = logging.getLogger("gateway.proxy")
CHUNK = 64 * 1024
# Answers this small are read whole, which hands the connection back to the pool before we reply.
BUFFER_UP_TO = 256 * 1024
MAX_LINE = 64 * 1024
MAX_HEADERS = 100
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# A pooled socket found closed as we write or await the status line is retried once on a fresh one.
RETRYABLE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class UpstreamError(Exception):
    """The upstream could not be reached, was too slow, or broke off its answer."""

    def __init__(self, message: str, *, timed_out: bool = False, in_body: bool = False):
        super().__init__(message)
        self.timed_out = timed_out
        self.in_body = in_body


class MalformedRequest(ValueError):
    """The request cannot be written as HTTP/1.1 without changing its meaning."""


@dataclass(slots=True)
class Answer:
    """An upstream's status, headers as sent, and body: bytes when read whole, else an iterator of chunks."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes | Iterator[bytes]


class _Connection:
    """One keep-alive socket to an upstream and its buffered reader."""

    def __init__(self, host: str, port: int, tls: bool, connect_timeout: float, read_timeout: float):
        try:
            sock = socket.create_connection((host, port), timeout=connect_timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        except TimeoutError as exc:
            raise UpstreamError("connect timed out", timed_out=True) from exc
        except OSError as exc:
            raise UpstreamError(f"connect failed ({type(exc).__name__})") from exc
        sock.settimeout(read_timeout)
        self.sock = sock
        self.reader = cast(io.BufferedReader, sock.makefile("rb", buffering=CHUNK))
        self.reused = False

    def dropped(self) -> bool:
        """Tell whether the idle socket has been closed (or sent something unasked) by the upstream."""
        poller = select.poll()
        poller.register(self.sock, select.POLLIN)
        return bool(poller.poll(0))

    def close(self) -> None:
        """Close the socket."""
        self.reader.close()
        self.sock.close()


class UpstreamPool:
    """Idle keep-alive connections to one upstream, shared by a process's threads (last in, first out)."""

    def __init__(self, name: str, base_url: str, max_idle: int, connect_timeout: float, read_timeout: float):
        parts = urlsplit(base_url)
        self.name = name
        self.host = parts.hostname or "127.0.0.1"
        self.tls = parts.scheme == "https"
        self.port = parts.port or (443 if self.tls else 80)
        self.host_header = parts.netloc
        self.max_idle = max_idle
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.idle: list[_Connection] = []

    def _checkout(self) -> _Connection:
        """Take an idle live connection, or open one."""
        while self.idle:
            try:
                conn = self.idle.pop()
            except IndexError:
                break
            if not conn.dropped():
                conn.reused = True
                return conn
            conn.close()
        return _Connection(self.host, self.port, self.tls, self.connect_timeout, self.read_timeout)

    def _release(self, conn: _Connection) -> None:
        """Keep the connection for the next request, or close it when enough are idle."""
        if len(self.idle) < self.max_idle:
            self.idle.append(conn)
        else:
            conn.close()

    def send(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> Answer:
        """Send one request and return the answer; a small body is read whole, a large one streams."""
        lines = [f"{method} {target} HTTP/1.1\r\nHost: {self.host_header}\r\n"]
        lines.extend(f"{name}: {value}\r\n" for name, value in headers)
        if body or method in BODY_METHODS:
            lines.append(f"Content-Length: {len(body)}\r\n")
        head = "".join(lines) + "\r\n"
        # Each line ends in the one CRLF we put there; any other line break would smuggle a header in.
        if head.count("\n") != len(lines) + 2 or head.count("\r") != len(lines) + 2:
            raise MalformedRequest("line break inside the request line or a header")
        wire = head.encode("latin-1")
        for attempt in (1, 2):
            conn = self._checkout()
            try:
                return self._exchange(conn, method, wire, body)
            except _Stale:
                conn.close()
                if attempt == 2 or method not in RETRYABLE_METHODS:
                    raise UpstreamError("connection closed before answering") from None
            except BaseException:
                conn.close()
                raise
        raise AssertionError("unreachable")

    def _exchange(self, conn: _Connection, method: str, wire: bytes, body: bytes) -> Answer:
        """Write the request on `conn` and read the answer's head, then its body or a stream of it."""
        try:
            if body and len(body) <= CHUNK:
                conn.sock.sendall(wire + body)
            else:
                conn.sock.sendall(wire)
                if body:
                    conn.sock.sendall(body)
            status, version = _read_status(conn)
            headers = _read_headers(conn)
        except TimeoutError as exc:
            raise UpstreamError("read timed out", timed_out=True) from exc
        except (ConnectionError, _Stale) as exc:
            if conn.reused:
                raise _Stale from exc
            raise UpstreamError(f"connection lost ({type(exc).__name__})") from exc
        except OSError as exc:
            raise UpstreamError(f"connection lost ({type(exc).__name__})") from exc
        kind, length, keep_alive = _framing(method, status, version, headers)
        if kind == "none":
            self._release(conn) if keep_alive else conn.close()
            return Answer(status, headers, b"")
        if kind == "length" and length <= BUFFER_UP_TO:
            try:
                data = conn.reader.read(length)
            except OSError as exc:
                raise UpstreamError("answer cut short", in_body=True) from exc
            if len(data) < length:
                raise UpstreamError("answer cut short", in_body=True)
            self._release(conn) if keep_alive else conn.close()
            return Answer(status, headers, data)
        return Answer(status, headers, _BodyStream(self._stream(conn, kind, length, keep_alive), conn))

    def _stream(self, conn: _Connection, kind: str, length: int, keep_alive: bool) -> Iterator[bytes]:
        """Yield the body as it arrives; drop the connection if either side gives up midway."""
        finished = False
        try:
            if kind == "chunked":
                yield from _chunked(conn)
            else:
                remaining = length if kind == "length" else -1
                while remaining:
                    data = conn.reader.read1(CHUNK if remaining < 0 else min(remaining, CHUNK))
                    if not data:
                        if remaining > 0:
                            raise UpstreamError("answer cut short", in_body=True)
                        break
                    remaining -= len(data) if remaining > 0 else 0
                    yield data
            finished = True
        except (UpstreamError, OSError, ValueError):
            log.warning("upstream stream broke off", extra={"upstream": self.name})
            raise
        finally:
            if finished and keep_alive and kind != "close":
                self._release(conn)
            else:
                conn.close()


class _BodyStream(Iterator[bytes]):
    """A streamed body that also closes its connection when dropped before the first chunk was asked for."""

    def __init__(self, chunks: Iterator[bytes], conn: _Connection):
        self.chunks = chunks
        self.conn = conn
        self.started = False

    def __next__(self) -> bytes:
        self.started = True
        return next(self.chunks)

    def close(self) -> None:
        """Stop reading; a stream never started still holds its connection, which goes."""
        if hasattr(self.chunks, "close"):
            self.chunks.close()
        if not self.started:
            self.conn.close()


class _Stale(Exception):
    """A reused connection turned out closed before the upstream answered."""


def _read_status(conn: _Connection) -> tuple[int, str]:
    """Read the status line, skipping interim (1xx) answers."""
    while True:
        line = conn.reader.readline(MAX_LINE)
        if not line:
            raise _Stale
        version, _, rest = line.decode("latin-1").partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise UpstreamError("malformed status line")
        status = int(code)
        if status >= 200 or status == 101:
            return status, version
        _read_headers(conn)


def _read_headers(conn: _Connection) -> list[tuple[str, str]]:
    """Read header lines up to the blank line, unfolding obsolete line folding."""
    headers: list[tuple[str, str]] = []
    while True:
        line = conn.reader.readline(MAX_LINE)
        if line in (b"\r\n", b"\n"):
            return headers
        if not line or not line.endswith(b"\n") or len(headers) >= MAX_HEADERS:
            raise UpstreamError("malformed or cut short answer head")
        text = line.decode("latin-1")
        if text[0] in " \t" and headers:
            name, value = headers.pop()
            headers.append((name, f"{value} {text.strip()}"))
            continue
        name, sep, value = text.partition(":")
        if not sep or not name or name != name.strip():
            raise UpstreamError("malformed answer header")
        headers.append((name, value.strip()))


def _framing(method: str, status: int, version: str, headers: list[tuple[str, str]]) -> tuple[str, int, bool]:
    """Say how the body is delimited (none, length, chunked, close), its length, and if the socket stays open."""
    encodings = lengths = connection = ""
    for name, value in headers:
        lowered = name.lower()
        if lowered == "transfer-encoding":
            encodings += "," + value
        elif lowered == "content-length":
            lengths += "," + value
        elif lowered == "connection":
            connection += "," + value
    tokens = {token.strip().lower() for token in connection.split(",")}
    keep_alive = "close" not in tokens and (version == "HTTP/1.1" or "keep-alive" in tokens)
    if method == "HEAD" or status < 200 or status in (204, 304):
        return "none", 0, keep_alive
    if encodings:
        if encodings.rsplit(",", 1)[-1].strip().lower() == "chunked":
            return "chunked", 0, keep_alive
        return "close", 0, False
    if lengths:
        values = {value.strip() for value in lengths.split(",")[1:]}
        if len(values) != 1 or not next(iter(values)).isdigit():
            raise UpstreamError("malformed Content-Length")
        return "length", int(values.pop()), keep_alive
    return "close", 0, False


def _chunked(conn: _Connection) -> Iterator[bytes]:
    """Yield the data of a chunked body, each chunk as soon as it is complete (large ones in pieces)."""
    reader = conn.reader
    while True:
        line = reader.readline(MAX_LINE)
        if not line.endswith(b"\n"):
            raise UpstreamError("chunked answer cut short", in_body=True)
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while reader.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                pass  # trailers end the body; the caller never sees them
            return
        while size:
            data = reader.read(min(size, CHUNK))
            if not data:
                raise UpstreamError("chunked answer cut short", in_body=True)
            size -= len(data)
            yield data
        reader.readline(MAX_LINE)
