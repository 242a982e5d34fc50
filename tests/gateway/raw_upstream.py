"""An upstream that answers with exact bytes, to test the gateway's client on framings Flask never sends."""
from __future__ import annotations

import socket
import socketserver
import threading
from types import TracebackType

# Each path's answer (by its last segment) as raw bytes, and whether the upstream then closes the connection.
ANSWERS: dict[str, tuple[bytes, bool]] = {
    "chunked": (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", False),
    "until-close": (b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"z" * 300_000, True),
    "folded": (b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 2\r\n\r\nok", False),
    "early-hints": (b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                     b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", False),
    "garbage": (b"SMTP ready\r\n\r\n", True),
    "cut-short": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", True),
    "then-close": (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", True),
}
NOT_FOUND = (b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", False)


class _Handler(socketserver.StreamRequestHandler):
    """Read requests off one connection and write each path's canned answer."""

    server: RawUpstream

    def handle(self) -> None:
        """Serve requests until the answer says close or the gateway hangs up."""
        self.server.connections += 1
        while True:
            line = self.rfile.readline()
            if not line:
                return
            length = 0
            while (header := self.rfile.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.rfile.read(length)
            path = line.split(b" ")[1].decode("latin-1")
            self.server.paths.append(path)
            answer, close = ANSWERS.get(path.rsplit("/", 1)[-1], NOT_FOUND)
            self.wfile.write(answer)
            self.wfile.flush()
            if close:
                self.request.shutdown(socket.SHUT_WR)
                return


class RawUpstream(socketserver.ThreadingTCPServer):
    """Serve the canned answers on a free loopback port; count connections and record paths."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> RawUpstream:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(5)
