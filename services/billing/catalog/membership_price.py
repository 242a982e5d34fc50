"""Which Stripe price checkout sells: configured, or found by its lookup key."""

from __future__ import annotations

import threading

from services.billing.catalog.stripe_catalog import MembershipPlan, StripeCatalog, ensure_catalog
from services.billing.payments.port import PaymentGatewayError


class MembershipPrice:
    """Resolve the membership's price id once per process."""

    def __init__(self, catalog: StripeCatalog, plan: MembershipPlan, *, configured_id: str = "", create_missing: bool):
        self.catalog = catalog
        self.plan = plan
        self._id = configured_id or None
        self.create_missing = create_missing
        self._lock = threading.Lock()

    def price_id(self) -> str:
        """Return the price id; outside production a missing catalog is created, as the CLI would."""
        if self._id:
            return self._id
        with self._lock:
            if self._id:
                return self._id
            if self.create_missing:
                self._id = ensure_catalog(self.catalog, self.plan).price_id
            else:
                found = self.catalog.find_price(self.plan.lookup_key)
                if found is None:
                    raise PaymentGatewayError(
                        f"no price with lookup key {self.plan.lookup_key!r}; run the catalog command", retryable=False
                    )
                self._id = str(found["id"])
            return self._id
