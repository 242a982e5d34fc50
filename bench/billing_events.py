"""Signed Stripe webhook bodies for the billing benchmark, naming real objects at the Stripe stand-in."""

from __future__ import annotations

import json
import time
from pathlib import Path

import requests

from services.billing.catalog.stripe_catalog import MembershipPlan, StripeCatalog, ensure_catalog
from services.billing.payments.stripe_gateway import build_stripe_client
from services.billing.webhooks.signature import sign

# One wrk thread per Lua state: each starts at its own offset and steps by the thread count, so no two
# threads send the same event id.
LUA = """
local lines, index, step = {}, 0, 1
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  step = tonumber(args[2])
  index = offset
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
end
function request()
  local line = lines[(index % #lines) + 1]
  index = index + step
  local tab = line:find("\\t")
  return wrk.format("POST", "/webhooks/stripe",
    {["Content-Type"] = "application/json", ["Stripe-Signature"] = line:sub(1, tab - 1)}, line:sub(tab + 1))
end
"""


def make_members(stripe_url: str, count: int) -> list[tuple[str, str]]:
    """Create paying subscriptions at the stand-in; return (subscription id, invoice id) pairs."""
    client = build_stripe_client("sk_test_bench", stripe_url)
    plan = MembershipPlan("membership", "Membership", "membership-monthly", 25000, "usd")
    price_id = ensure_catalog(StripeCatalog(client), plan).price_id
    pairs = []
    for n in range(count):
        customer = client.v1.customers.create({"email": f"bench-{n}@example.com"})
        session = client.v1.checkout.sessions.create(
            {
                "mode": "subscription",
                "customer": customer.id,
                "line_items": [{"price": price_id, "quantity": 1}],
                "success_url": "http://bench.test/ok",
            }
        )
        requests.post(f"{session.url}/complete", json={"card": "4242424242424242"}, timeout=10).raise_for_status()
        sub = client.v1.checkout.sessions.retrieve(session.id).subscription
        sub_obj = client.v1.subscriptions.retrieve(sub)
        pairs.append((sub_obj.id, str(sub_obj.latest_invoice)))
    return pairs


def write_events(path: Path, prefix: str, count: int, members: list[tuple[str, str]], secret: str) -> None:
    """Write `count` lines of "signature<TAB>body", alternating subscription and invoice events."""
    now = int(time.time())
    with path.open("w") as out:
        for n in range(count):
            sub_id, invoice_id = members[n % len(members)]
            if n % 2:
                kind, obj = "invoice.paid", {"id": invoice_id, "object": "invoice", "status": "paid"}
            else:
                kind = "customer.subscription.updated"
                obj = {"id": sub_id, "object": "subscription", "status": "active"}
            body = json.dumps(
                {
                    "id": f"evt_{prefix}_{n:08d}",
                    "object": "event",
                    "api_version": "2026-10-28.endive",
                    "created": now,
                    "data": {"object": obj, "previous_attributes": {"status": "incomplete"}},
                    "livemode": False,
                    "pending_webhooks": 1,
                    "request": {"id": None, "idempotency_key": None},
                    "type": kind,
                },
                separators=(",", ":"),
            ).encode()
            out.write(sign(body, secret, now) + "\t" + body.decode() + "\n")
