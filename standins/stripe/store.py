"""In-memory state of the stand-in: Stripe objects by kind, internal extras, events, one lock."""

from __future__ import annotations

import copy
import threading
from collections import defaultdict
from typing import Any

from .clock import Clock
from .errors import not_found
from .events import EventSink, changed, event

# Id prefix -> object kind, so expansion can find any object from its id alone.
PREFIXES = {
    "cus_": "customer",
    "prod_": "product",
    "price_": "price",
    "cs_": "checkout.session",
    "bps_": "billing_portal.session",
    "sub_": "subscription",
    "in_": "invoice",
    "evt_": "event",
    "pi_": "payment_intent",
    "ch_": "charge",
    "inpay_": "invoice_payment",
    "re_": "refund",
    "promo_": "promotion_code",
    "di_": "discount",
}
# Words Stripe uses in "No such ..." messages.
LABELS = {"checkout.session": "checkout.session", "billing_portal.session": "portal session"}


class Store:
    """All objects the stand-in knows; callers hold `lock` across read-modify-write."""

    def __init__(self, clock: Clock, sink: EventSink | None = None, webhooks_enabled: bool = False) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self._sink = sink
        self._webhooks_enabled = webhooks_enabled
        self._tables: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._extras: dict[str, dict[str, Any]] = defaultdict(dict)

    def now(self) -> int:
        """Return the stand-in's current time."""
        return self.clock.now()

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Store a new object under its own `object` kind and return it."""
        self._tables[obj["object"]][obj["id"]] = obj
        return obj

    def find(self, kind: str, object_id: str) -> dict[str, Any] | None:
        """Return an object or None."""
        return self._tables[kind].get(object_id)

    def get(self, kind: str, object_id: str, param: str = "id") -> dict[str, Any]:
        """Return an object or raise Stripe's 404 for it."""
        obj = self.find(kind, object_id) if isinstance(object_id, str) else None
        if obj is None:
            raise not_found(LABELS.get(kind, kind), str(object_id), param)
        return obj

    def find_any(self, object_id: str) -> dict[str, Any] | None:
        """Return the object with this id, whatever its kind."""
        for prefix, kind in PREFIXES.items():
            if object_id.startswith(prefix):
                return self.find(kind, object_id)
        return None

    def remove(self, kind: str, object_id: str) -> None:
        """Forget an object."""
        self._tables[kind].pop(object_id, None)

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Return every object of a kind, newest first (creation order breaks ties)."""
        return list(reversed(self._tables[kind].values()))

    def internal(self, object_id: str) -> dict[str, Any]:
        """Return the internal fields kept beside an object, never sent to clients."""
        return self._extras[object_id]

    def emit(self, type_: str, obj: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """Record an event for `obj` as it is now and hand it to the webhook sender."""
        evt = event(self.now(), type_, obj, previous, 1 if self._webhooks_enabled else 0)
        self.add(evt)
        if self._sink is not None:
            self._sink(evt)
        return evt

    def snapshot(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Copy an object before changing it, to report previous_attributes afterwards."""
        return copy.deepcopy(obj)

    def emit_updated(self, type_: str, before: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any] | None:
        """Emit an `*.updated` style event when something actually changed."""
        previous = changed(before, obj)
        return self.emit(type_, obj, previous) if previous else None
