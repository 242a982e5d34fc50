"""Shuffled, duplicated and late Stripe events always converge the mirror to Stripe's state."""

from __future__ import annotations

import json
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from services.billing.mirror.records import invoice_values, subscription_values
from services.billing.payments import stripe_shapes
from services.billing.tables import invoices, stripe_events, subscriptions
from services.billing.webhooks.signature import sign
from tests.billing.harness import WEBHOOK_SECRET, BillingHarness, running_billing

HANDLED_PREFIXES = ("checkout.session.", "customer.subscription.", "invoice.")


class StripeEventStreams(RuleBasedStateMachine):
    """Act at Stripe; deliver its events late, shuffled and duplicated; check the mirror converges."""

    billing: BillingHarness

    @initialize()
    def start(self) -> None:
        """Remember which events existed before this run."""
        self.seen = {e["id"] for e in self.billing.standin.store.all("event")}
        self.pending: list[dict[str, Any]] = []
        self.subs: list[str] = []
        self.customers: set[str] = set()

    def _collect(self) -> None:
        """Queue the events Stripe emitted since the last look."""
        with self.billing.standin.store.lock:
            fresh = [e for e in reversed(self.billing.standin.store.all("event")) if e["id"] not in self.seen]
        for event in fresh:
            self.seen.add(event["id"])
            # The stand-in is shared by every run: only this run's customers' events belong to it.
            if event["type"].startswith(HANDLED_PREFIXES) and event["data"]["object"].get("customer") in self.customers:
                self.pending.append(event)

    def _deliver(self, event: dict[str, Any]) -> None:
        """Send one event to the webhook endpoint, signed now, as Stripe would on a retry."""
        body = json.dumps(event).encode()
        answer = self.billing.http.post(
            self.billing.url + "/webhooks/stripe",
            data=body,
            timeout=10,
            headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET)},
        )
        assert answer.status_code == 200

    def _process(self) -> None:
        """Let the worker run until nothing is ready."""
        while self.billing.worker.run_once():
            pass

    @rule(card=st.sampled_from(["4242424242424242", "4000002500003155"]))
    def subscribe(self, card: str) -> None:
        """A cleared lead checks out and pays (a 3-D Secure card leaves the subscription incomplete)."""
        lead_id = self.billing.clear_lead(state="NJ")
        session = self.billing.checkout(lead_id).json()
        self.customers.add(self.billing.standin.store.get("checkout.session", session["id"])["customer"])
        self.billing.pay(session["url"], card)
        sub_id = self.billing.standin.store.get("checkout.session", session["id"])["subscription"]
        if sub_id:
            self.subs.append(sub_id)
        self._collect()

    def _sub(self, index: int) -> dict[str, Any]:
        """Pick one of this run's subscriptions as Stripe holds it."""
        return self.billing.standin.store.get("subscription", self.subs[index % len(self.subs)])

    @precondition(lambda self: self.subs)
    @rule(index=st.integers(0, 50), card=st.sampled_from(["4000000000000341", "4242424242424242"]))
    def change_card(self, index: int, card: str) -> None:
        """The member's card starts failing, or works again (paying an open invoice through the portal)."""
        sub = self._sub(index)
        if card == "4242424242424242":
            url = self.billing.parts.gateway.create_portal_session(sub["customer"], "http://clinic.test/")
            self.billing.http.post(url + "/card", data={"card": card}, timeout=10)
        else:
            self.billing.http.post(
                f"{self.billing.stripe_url}/dev/stripe/customers/{sub['customer']}/card",
                json={"card": card},
                timeout=10,
            )
        self._collect()

    @precondition(lambda self: self.subs)
    @rule(index=st.integers(0, 50), action=st.sampled_from(["cancel_at_period_end", "resume", "cancel_now"]))
    def member_or_staff_changes(self, index: int, action: str) -> None:
        """Cancel at period end, resume, or cancel now, as the portal or staff would."""
        sub = self._sub(index)
        if sub["status"] in ("canceled", "incomplete_expired"):
            return
        gateway = self.billing.parts.gateway
        if action == "cancel_now":
            gateway.cancel_now(sub["id"])
        else:
            gateway.set_cancel_at_period_end(sub["id"], action == "cancel_at_period_end")
        self._collect()

    @rule(days=st.sampled_from([1, 4, 31]))
    def time_passes(self, days: int) -> None:
        """Renewals, dunning retries, cancellations and expiries fall due."""
        answer = self.billing.http.post(
            self.billing.stripe_url + "/dev/stripe/clock/advance", json={"days": days}, timeout=30
        )
        assert answer.status_code == 200
        self._collect()

    @precondition(lambda self: self.pending)
    @rule(data=st.data())
    def some_events_arrive(self, data: st.DataObject) -> None:
        """A shuffled part of the pending events arrives, some twice; the worker may run in between."""
        order = data.draw(st.permutations(self.pending), label="order")
        count = data.draw(st.integers(1, len(order)), label="count")
        arriving, self.pending = order[:count], order[count:]
        repeats = data.draw(st.lists(st.sampled_from(arriving), max_size=3), label="repeats")
        for event in arriving + repeats:
            self._deliver(event)
            if data.draw(st.booleans(), label="process now"):
                self._process()
        self._process()

    def converged(self) -> None:
        """Deliver everything still pending (shuffled), process, and compare the mirror with Stripe."""
        for event in reversed(self.pending):
            self._deliver(event)
        self.pending = []
        self._process()
        store = self.billing.standin.store
        with self.billing.parts.container.db.transaction() as session:
            for sub_id in self.subs:
                truth = stripe_shapes.subscription(store.get("subscription", sub_id))
                row = session.execute(select(subscriptions).where(subscriptions.c.id == sub_id)).mappings().one()
                wanted = subscription_values(truth, row["lead_id"])
                assert {k: row[k] for k in wanted} == wanted
                for inv in store.all("invoice"):
                    if inv["parent"]["subscription_details"]["subscription"] != sub_id:
                        continue
                    inv_row = session.execute(select(invoices).where(invoices.c.id == inv["id"])).mappings().one()
                    wanted_inv = invoice_values(stripe_shapes.invoice(inv))
                    assert {k: inv_row[k] for k in wanted_inv} == wanted_inv
        self._check_conversions()

    def _check_conversions(self) -> None:
        """Each subscription that ever went live is announced once; each canceled one once more."""
        self._process()
        store = self.billing.standin.store
        for sub_id in self.subs:
            status = store.get("subscription", sub_id)["status"]
            activated = [
                e
                for e in self.billing.leads.of_type("subscription.activated")
                if e["data"]["subscription_id"] == sub_id
            ]
            canceled = [
                e for e in self.billing.leads.of_type("subscription.canceled") if e["data"]["subscription_id"] == sub_id
            ]
            assert len(activated) == (1 if status in ("active", "past_due", "canceled", "trialing") else 0)
            assert len(canceled) == (1 if status == "canceled" else 0)

    @invariant()
    def nothing_failed(self) -> None:
        """No stored event is left failed."""
        with self.billing.parts.container.db.transaction() as session:
            failed = session.execute(select(stripe_events.c.id).where(stripe_events.c.status == "failed")).all()
        assert failed == []

    def teardown(self) -> None:
        """Every run ends converged."""
        self.converged()


def test_any_order_and_any_duplicates_of_stripe_events_converge_to_stripes_state(service_env) -> None:  # type: ignore[no-untyped-def]
    """The hypothesis state machine drives Stripe and the event stream; the mirror always ends equal to Stripe."""
    with running_billing(service_env, webhooks=False) as billing:
        StripeEventStreams.billing = billing
        run_state_machine_as_test(
            StripeEventStreams,
            settings=settings(
                max_examples=12,
                stateful_step_count=14,
                deadline=None,
                # Shrinking replays steps against a stand-in whose clock and objects outlive each run; a failing
                # run is reported as found, with its steps, instead.
                phases=[Phase.explicit, Phase.generate],
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
