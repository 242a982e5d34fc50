"""An echo upstream that also keeps every request it received, to prove what never reached a service."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask


@dataclass
class Reached:
    """One request as the upstream saw it: method, raw target and headers (lower-cased names)."""

    method: str
    target: str
    headers: dict[str, str]


@dataclass
class RecordingUpstream:
    """Wrap a WSGI app and record each request before passing it on."""

    app: Flask
    seen: list[Reached] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Record the request, then let the wrapped app answer it."""
        headers = {
            key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
        }
        for key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = str(environ[key])
        target = str(environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ.get("PATH_INFO", ""))
        with self.lock:
            self.seen.append(Reached(str(environ["REQUEST_METHOD"]), target, headers))
        return self.app(environ, start_response)

    def clear(self) -> None:
        """Forget what was recorded so far."""
        with self.lock:
            self.seen.clear()

    def targets(self) -> list[str]:
        """The raw targets received, in order."""
        with self.lock:
            return [reached.target for reached in self.seen]
