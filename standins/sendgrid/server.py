"""Serve a stand-in app on a real socket from a background thread (tests and local runs)."""

from __future__ import annotations

import threading
from types import TracebackType

from flask import Flask
from werkzeug.serving import make_server


class BackgroundServer:
    """A threaded werkzeug server for one app; port 0 picks a free port."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._serve, name=f"server {self.url}", daemon=True)

    def _serve(self) -> None:
        """Serve until stopped, checking for shutdown often so stopping is quick."""
        self._server.serve_forever(poll_interval=0.05)

    def start(self) -> BackgroundServer:
        """Start answering requests."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
