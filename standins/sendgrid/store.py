"""In-memory mailbox of the stand-in, safe to share between request threads."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

from standins.sendgrid.records import Delivery


class MailStore:
    """Accepted deliveries in arrival order, indexed by recipient, plus the suppression list."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        """Forget everything (caller holds the lock or is the constructor)."""
        self._items: list[Delivery] = []
        self._by_id: dict[str, Delivery] = {}
        self._by_email: dict[str, list[Delivery]] = {}
        self._counts: Counter[str] = Counter()
        self._dropped = 0
        self._suppressed: dict[str, str] = {}

    def add(self, deliveries: Iterable[Delivery]) -> None:
        """Keep newly accepted deliveries."""
        with self._lock:
            for delivery in deliveries:
                key = delivery.email.lower()
                self._items.append(delivery)
                self._by_id[delivery.id] = delivery
                self._by_email.setdefault(key, []).append(delivery)
                self._counts[key] += 1
                if delivery.dropped_reason:
                    self._dropped += 1

    def clear(self) -> None:
        """Forget all mail and suppressions."""
        with self._lock:
            self._reset()

    def get(self, delivery_id: str) -> Delivery | None:
        """Find one delivery by its id."""
        with self._lock:
            return self._by_id.get(delivery_id)

    def newest(
        self,
        to: str | None = None,
        category: str | None = None,
        batch_id: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Delivery]:
        """Deliveries newest first, optionally for one address, category or batch."""
        with self._lock:
            pool = self._by_email.get(to.lower(), []) if to else self._items
            if category is None and batch_id is None:
                end = max(len(pool) - offset, 0)
                start = 0 if limit is None else max(end - limit, 0)
                return pool[start:end][::-1]
            matches = [d for d in reversed(pool) if _matches(d, category, batch_id)]
        return matches[offset:] if limit is None else matches[offset : offset + limit]

    def latest_for(self, email: str, message_id: str | None = None) -> Delivery | None:
        """The newest delivery to an address, optionally of one message (X-Message-Id or sg_message_id)."""
        with self._lock:
            for delivery in reversed(self._by_email.get(email.lower(), [])):
                if message_id is None or message_id in (delivery.send.message_id, delivery.sg_message_id):
                    return delivery
        return None

    def stats(self, category: str | None = None, batch_id: str | None = None) -> dict[str, object]:
        """Totals and per-recipient counts, cheap enough for 100k-recipient campaigns."""
        with self._lock:
            if category is None and batch_id is None:
                counts = dict(self._counts)
                dropped = self._dropped
            else:
                selected = [d for d in self._items if _matches(d, category, batch_id)]
                counts = dict(Counter(d.email.lower() for d in selected))
                dropped = sum(1 for d in selected if d.dropped_reason)
        duplicates = {email: n for email, n in counts.items() if n > 1}
        return {
            "total": sum(counts.values()),
            "recipients": len(counts),
            "dropped": dropped,
            "duplicates": duplicates,
            "per_recipient": counts,
        }

    def suppress(self, email: str, reason: str) -> None:
        """Put an address on the suppression list; later mail to it is dropped."""
        with self._lock:
            self._suppressed[email.lower()] = reason

    def suppression_of(self, email: str) -> str | None:
        """Why mail to an address is dropped, if it is."""
        with self._lock:
            return self._suppressed.get(email.lower())


def _matches(delivery: Delivery, category: str | None, batch_id: str | None) -> bool:
    """Tell whether a delivery passes the category and batch filters."""
    if category is not None and not delivery.has_category(category):
        return False
    return batch_id is None or delivery.send.batch_id == batch_id
