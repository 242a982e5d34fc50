"""The product and price of the membership at Stripe: find them, or create them once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from services.billing.payments.port import NotFoundAtProvider
from services.billing.payments.stripe_gateway import translated_errors


@dataclass(frozen=True)
class MembershipPlan:
    """What the catalog must hold: one product and one monthly price."""

    product_id: str
    product_name: str
    lookup_key: str
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class CatalogResult:
    """The ids found or created, and whether anything was created."""

    product_id: str
    price_id: str
    created: tuple[str, ...]


class StripeCatalog:
    """Product and price calls on a StripeClient."""

    def __init__(self, client: stripe.StripeClient):
        self.client = client

    def find_price(self, lookup_key: str) -> dict[str, Any] | None:
        """Return the active price holding `lookup_key`, if any."""
        params: Any = {"lookup_keys": [lookup_key], "active": True, "limit": 1}
        with translated_errors():
            found = self.client.v1.prices.list(params).data
        return found[0].to_dict() if found else None

    def has_product(self, product_id: str) -> bool:
        """Tell whether the product exists."""
        try:
            with translated_errors():
                self.client.v1.products.retrieve(product_id)
        except NotFoundAtProvider:
            return False
        return True

    def create_product(self, plan: MembershipPlan) -> None:
        """Create the product under our chosen id; no health words, only the plan's name."""
        params: Any = {"id": plan.product_id, "name": plan.product_name}
        with translated_errors():
            self.client.v1.products.create(params, {"idempotency_key": f"product:{plan.product_id}"})

    def create_price(self, plan: MembershipPlan) -> str:
        """Create the monthly price carrying the plan's lookup key."""
        params: Any = {
            "product": plan.product_id,
            "unit_amount": plan.amount_cents,
            "currency": plan.currency,
            "recurring": {"interval": "month"},
            "lookup_key": plan.lookup_key,
        }
        key = f"price:{plan.product_id}:{plan.lookup_key}:{plan.amount_cents}:{plan.currency}"
        with translated_errors():
            return str(self.client.v1.prices.create(params, {"idempotency_key": key}).id)


def ensure_catalog(catalog: StripeCatalog, plan: MembershipPlan) -> CatalogResult:
    """Make sure the product and price exist, creating only what is missing."""
    created: list[str] = []
    price = catalog.find_price(plan.lookup_key)
    if price is not None:
        if price.get("unit_amount") != plan.amount_cents or price.get("currency") != plan.currency:
            raise ValueError(
                f"price {price['id']} under {plan.lookup_key!r} does not charge {plan.amount_cents} {plan.currency}"
            )
        return CatalogResult(str(price["product"]), str(price["id"]), ())
    if not catalog.has_product(plan.product_id):
        catalog.create_product(plan)
        created.append("product")
    price_id = catalog.create_price(plan)
    created.append("price")
    return CatalogResult(plan.product_id, price_id, tuple(created))
