"""A webhook receiver for tests: records every POST and can refuse the next few to force retries."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response


@dataclass
class RecordingReceiver(ABC):
    """A WSGI app keeping each POST's raw body, headers and the status it was given."""

    url: str = ""
    fail_next: int = 0
    posts: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: Any, start_response: Any) -> Any:
        """Record the POST and answer 200, or 500 while failures are requested."""
        request = Request(environ)
        with self.lock:
            failing = self.fail_next > 0
            self.fail_next -= 1 if failing else 0
            status = 500 if failing else 200
            self.posts.append(
                {"body": request.get_data(), "headers": dict(request.headers), "failed": failing, "status": status}
            )
        return Response("no" if failing else "ok", status=status)(environ, start_response)

    def accepted_bodies(self) -> list[bytes]:
        """The raw bodies of the POSTs that were answered 200, in order."""
        with self.lock:
            return [post["body"] for post in self.posts if not post["failed"]]

    @abstractmethod
    def events(self) -> list[Any]:
        """The events delivered so far (each receiver decodes its provider's format)."""

    def wait_for(self, predicate: Callable[[list[Any]], bool], timeout: float = 10.0) -> list[Any]:
        """Poll until the delivered events satisfy `predicate`, then return them."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.events()
            if predicate(events) or time.monotonic() > deadline:
                return events
            time.sleep(0.02)
