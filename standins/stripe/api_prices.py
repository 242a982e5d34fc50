"""/v1/prices: per-unit prices, recurring or one-time, findable by lookup key."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint

from . import shapes_catalog
from .api_gate import guard, locked, params, reply
from .errors import invalid
from .events import changed
from .formdata import as_bool, as_int, as_list, as_str, metadata, only, required_str
from .listing import page
from .standin import standin
from .store import Store

bp = Blueprint("stripe_prices", __name__, url_prefix="/v1")
guard(bp)

INTERVALS = ("day", "week", "month", "year")


def _recurring(raw: Any) -> dict[str, Any] | None:
    """Validate `recurring[interval]` and `recurring[interval_count]`."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise invalid("recurring", "Invalid hash: recurring")
    interval = raw.get("interval")
    if interval not in INTERVALS:
        raise invalid("recurring[interval]", f"Invalid recurring[interval]: must be one of {', '.join(INTERVALS)}")
    count = as_int(raw, "interval_count", 1)
    if count is None or not 1 <= count <= 12:
        raise invalid("recurring[interval_count]", "Invalid recurring[interval_count]: must be between 1 and 12")
    return {"interval": interval, "interval_count": count}


def _claim_lookup_key(store: Store, key: str | None, transfer: bool) -> None:
    """Enforce unique lookup keys; `transfer_lookup_key` moves a key from its old price."""
    if not key:
        return
    for other in store.all("price"):
        if other["lookup_key"] == key:
            if not transfer:
                raise invalid("lookup_key", f"A price (`{other['id']}`) already uses that lookup key.")
            before = store.snapshot(other)
            other["lookup_key"] = None
            store.emit("price.updated", other, changed(before, other))


@bp.post("/prices")
@locked
def create_price():  # type: ignore[no-untyped-def]
    """Create a price for an existing product or for `product_data[name]`."""
    p = params()
    only(
        p,
        (
            "currency",
            "unit_amount",
            "product",
            "product_data",
            "recurring",
            "lookup_key",
            "transfer_lookup_key",
            "nickname",
            "active",
            "metadata",
        ),
    )
    store = standin().store
    currency = required_str(p, "currency").lower()
    if not re.fullmatch(r"[a-z]{3}", currency):
        raise invalid("currency", f"Invalid currency: {currency}")
    amount = as_int(p, "unit_amount")
    if amount is None or amount < 0:
        raise invalid("unit_amount", "unit_amount must be a non-negative integer number of cents.")
    if "product_data" in p:
        data = p["product_data"] if isinstance(p["product_data"], dict) else {}
        product = store.add(
            shapes_catalog.product(
                store.now(),
                product_id=None,
                name=required_str(data, "name"),
                description=None,
                active=True,
                metadata=metadata(data),
            )
        )
        store.emit("product.created", product)
    else:
        product = store.get("product", required_str(p, "product"), "product")
    lookup_key = as_str(p, "lookup_key")
    _claim_lookup_key(store, lookup_key, bool(as_bool(p, "transfer_lookup_key", False)))
    price = store.add(
        shapes_catalog.price(
            store.now(),
            product_id=product["id"],
            unit_amount=amount,
            currency=currency,
            recurring=_recurring(p.get("recurring")),
            lookup_key=lookup_key,
            nickname=as_str(p, "nickname"),
            active=bool(as_bool(p, "active", True)),
            metadata=metadata(p),
        )
    )
    store.emit("price.created", price)
    return reply(price)


@bp.get("/prices")
@locked
def list_prices():  # type: ignore[no-untyped-def]
    """List prices filtered by product, active, type, currency or lookup keys."""
    p = params()
    only(
        p,
        (
            "active",
            "product",
            "type",
            "currency",
            "lookup_keys",
            "limit",
            "starting_after",
            "ending_before",
            "recurring",
            "created",
        ),
    )
    active, product, kind = as_bool(p, "active"), as_str(p, "product"), as_str(p, "type")
    currency, keys = as_str(p, "currency"), as_list(p, "lookup_keys")
    if len(keys) > 10:
        raise invalid("lookup_keys", "You may pass at most 10 lookup_keys.")
    found = [
        x
        for x in standin().store.all("price")
        if (active is None or x["active"] == active)
        and (product is None or x["product"] == product)
        and (kind is None or x["type"] == kind)
        and (currency is None or x["currency"] == currency)
        and (not keys or x["lookup_key"] in keys)
    ]
    return reply(page(standin().store, found, "/v1/prices", p))


@bp.get("/prices/<price_id>")
@locked
def get_price(price_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a price."""
    only(params(), ())
    return reply(standin().store.get("price", price_id))


@bp.post("/prices/<price_id>")
@locked
def update_price(price_id: str):  # type: ignore[no-untyped-def]
    """Update a price's active flag, nickname, lookup key or metadata."""
    p = params()
    only(p, ("active", "nickname", "lookup_key", "transfer_lookup_key", "metadata"))
    store = standin().store
    price = store.get("price", price_id)
    before = store.snapshot(price)
    if "lookup_key" in p:
        key = as_str(p, "lookup_key") or None
        if key != price["lookup_key"]:
            _claim_lookup_key(store, key, bool(as_bool(p, "transfer_lookup_key", False)))
            price["lookup_key"] = key
    if "nickname" in p:
        price["nickname"] = as_str(p, "nickname") or None
    price["active"] = as_bool(p, "active", price["active"])
    price["metadata"] = metadata(p, current=price["metadata"])
    store.emit_updated("price.updated", before, price)
    return reply(price)
