"""An upstream that answers with exact bytes, to see what Caddy makes of framings Flask never sends."""

from __future__ import annotations

import socket
import socketserver
import threading
from types import TracebackType

# Each path's answer (by its last segment) as raw bytes; the upstream closes the connection after it.
ANSWERS: dict[str, bytes] = {
    # Both framings: Transfer-Encoding wins (RFC 9112 §6.3), so the body is "hello", not 40 bytes.
    "both-framings": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
    b"Content-Length: 40\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "hex-prefix": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
    "plus-sign": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
    "hop-named": b"HTTP/1.1 200 OK\r\nConnection: X-Upstream-Private\r\nX-Upstream-Private: secret\r\n"
    b"Keep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok",
    "cut-short": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
    "garbage": b"SMTP ready\r\n\r\n",
}
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class _Handler(socketserver.StreamRequestHandler):
    """Read one request and write its path's canned answer."""

    def handle(self) -> None:
        """Answer one request, then hang up."""
        line = self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        if not line:
            return
        path = line.split(b" ")[1].decode("latin-1")
        self.wfile.write(ANSWERS.get(path.rsplit("/", 1)[-1], NOT_FOUND))
        self.wfile.flush()
        self.request.shutdown(socket.SHUT_WR)


class FramingUpstream(socketserver.ThreadingTCPServer):
    """Serve the canned answers on a free loopback port."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FramingUpstream:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(5)
