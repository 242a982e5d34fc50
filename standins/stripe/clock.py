"""The stand-in's clock: real time plus an offset that dev calls move forward."""

from __future__ import annotations

import threading
import time


class Clock:
    """Unix time as the stand-in sees it; advancing it never moves the real clock."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> int:
        """Return the stand-in's current time in whole seconds."""
        with self._lock:
            return int(time.time() + self._offset)

    def move_to(self, timestamp: int) -> None:
        """Jump forward to `timestamp`; the clock never runs backwards."""
        with self._lock:
            current = time.time() + self._offset
            if timestamp > current:
                self._offset += timestamp - current
