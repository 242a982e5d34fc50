"""/v1/customers, /v1/products and /v1/prices."""

from __future__ import annotations

from flask import Blueprint

from . import shapes_catalog
from .api_gate import guard, locked, params, reply
from .errors import invalid
from .events import changed
from .formdata import as_bool, as_str, metadata, only, required_str
from .listing import page
from .standin import standin

bp = Blueprint("stripe_catalog", __name__, url_prefix="/v1")
guard(bp)

CUSTOMER_FIELDS = ("email", "name", "phone", "description")


@bp.post("/customers")
@locked
def create_customer():  # type: ignore[no-untyped-def]
    """Create a customer."""
    p = params()
    only(p, (*CUSTOMER_FIELDS, "metadata"))
    store = standin().store
    customer = store.add(
        shapes_catalog.customer(
            store.now(), metadata=metadata(p), **{name: as_str(p, name) or None for name in CUSTOMER_FIELDS}
        )
    )
    store.emit("customer.created", customer)
    return reply(customer)


@bp.get("/customers")
@locked
def list_customers():  # type: ignore[no-untyped-def]
    """List customers, optionally those with one email (case-sensitive, as Stripe matches)."""
    p = params()
    only(p, ("email", "limit", "starting_after", "ending_before", "created"))
    email = as_str(p, "email")
    found = [c for c in standin().store.all("customer") if email is None or c["email"] == email]
    return reply(page(standin().store, found, "/v1/customers", p))


@bp.get("/customers/<customer_id>")
@locked
def get_customer(customer_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a customer; a deleted one answers 200 with `deleted: true`, as Stripe keeps its tombstone."""
    only(params(), ())
    store = standin().store
    if store.find("customer", customer_id) is None and store.internal(customer_id).get("deleted"):
        return reply(_tombstone(customer_id))
    return reply(store.get("customer", customer_id))


def _tombstone(customer_id: str) -> dict[str, object]:
    """Return what Stripe answers for a deleted customer."""
    return {"id": customer_id, "object": "customer", "deleted": True}


@bp.post("/customers/<customer_id>")
@locked
def update_customer(customer_id: str):  # type: ignore[no-untyped-def]
    """Update a customer's contact fields or metadata."""
    p = params()
    only(p, (*CUSTOMER_FIELDS, "metadata"))
    store = standin().store
    customer = store.get("customer", customer_id)
    before = store.snapshot(customer)
    for name in CUSTOMER_FIELDS:
        if name in p:
            customer[name] = as_str(p, name) or None
    customer["metadata"] = metadata(p, current=customer["metadata"])
    store.emit_updated("customer.updated", before, customer)
    return reply(customer)


@bp.delete("/customers/<customer_id>")
@locked
def delete_customer(customer_id: str):  # type: ignore[no-untyped-def]
    """Delete a customer."""
    store = standin().store
    customer = store.get("customer", customer_id)
    store.remove("customer", customer_id)
    store.internal(customer_id)["deleted"] = True
    store.emit("customer.deleted", customer)
    return reply(_tombstone(customer_id))


@bp.post("/products")
@locked
def create_product():  # type: ignore[no-untyped-def]
    """Create a product; a caller-chosen `id` makes creation repeatable."""
    p = params()
    only(p, ("id", "name", "description", "active", "metadata"))
    store = standin().store
    product_id = as_str(p, "id")
    if product_id and store.find("product", product_id):
        raise invalid("id", f"Product already exists: {product_id}", "resource_already_exists")
    product = store.add(
        shapes_catalog.product(
            store.now(),
            product_id=product_id,
            name=required_str(p, "name"),
            description=as_str(p, "description"),
            active=bool(as_bool(p, "active", True)),
            metadata=metadata(p),
        )
    )
    store.emit("product.created", product)
    return reply(product)


@bp.get("/products")
@locked
def list_products():  # type: ignore[no-untyped-def]
    """List products, optionally only active ones."""
    p = params()
    only(p, ("active", "limit", "starting_after", "ending_before", "ids"))
    active = as_bool(p, "active")
    found = [x for x in standin().store.all("product") if active is None or x["active"] == active]
    return reply(page(standin().store, found, "/v1/products", p))


@bp.get("/products/<product_id>")
@locked
def get_product(product_id: str):  # type: ignore[no-untyped-def]
    """Retrieve a product."""
    only(params(), ())
    return reply(standin().store.get("product", product_id))


@bp.post("/products/<product_id>")
@locked
def update_product(product_id: str):  # type: ignore[no-untyped-def]
    """Update a product's name, description, active flag, default price or metadata."""
    p = params()
    only(p, ("name", "description", "active", "metadata", "default_price"))
    store = standin().store
    product = store.get("product", product_id)
    before = store.snapshot(product)
    for name in ("name", "description"):
        if name in p:
            product[name] = as_str(p, name) or None
    if "default_price" in p:
        product["default_price"] = store.get("price", required_str(p, "default_price"), "default_price")["id"]
    product["active"] = as_bool(p, "active", product["active"])
    product["metadata"] = metadata(p, current=product["metadata"])
    previous = changed(before, product)
    if previous:
        product["updated"] = store.now()
        store.emit("product.updated", product, previous)
    return reply(product)
