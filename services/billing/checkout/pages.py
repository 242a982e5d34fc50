"""The membership, success and cancel pages; they work without JavaScript."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from services.billing.bootstrap import current_parts
from services.billing.checkout.start import CheckoutRefused, cleared_lead, manage_url, start_checkout
from services.billing.checkout.status import UnknownSession, session_status
from services.billing.dunning.notices import money
from services.billing.payments.port import PaymentGatewayError
from services.kit.no_store import install_no_store

bp = Blueprint("membership_pages", __name__)
install_no_store(bp)  # members' names, emails and billing states: never kept by a browser or proxy

INCLUDED = (
    "A physician-supervised at-home treatment plan",
    "Regular check-ins with your care team",
    "Secure messaging with your clinician between visits",
    "Cancel any time from your billing page",
)


def _price() -> str:
    """Format the monthly price."""
    settings = current_parts().settings
    shown = money(settings.amount_cents, settings.currency)
    # The clinic advertises "$250/month": whole amounts read better without ".00".
    return shown.removesuffix(".00")


def _membership(lead_id: str | None, refusal: CheckoutRefused | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the membership page, with the checkout button only for a cleared lead."""
    can_checkout = False
    if lead_id and refusal is None:
        try:
            cleared_lead(current_parts(), lead_id)
            can_checkout = True
        except CheckoutRefused as exc:
            refusal = exc
    html = render_template(
        "billing/membership.html",
        price=_price(),
        included=INCLUDED,
        lead_id=lead_id,
        can_checkout=can_checkout,
        refusal=refusal,
        manage_url=manage_url(current_parts()),
    )
    return html, status


@bp.get("/membership")
def membership() -> ResponseReturnValue:
    """Show the membership: price, what is included, and checkout for a cleared lead."""
    return _membership(request.args.get("lead") or None)


@bp.post("/membership/checkout")
def checkout() -> ResponseReturnValue:
    """Open Stripe Checkout from the form and send the browser there."""
    lead_id = (request.form.get("lead_id") or "").strip()[:64]
    if not lead_id:
        return _membership(None, CheckoutRefused(422, "missing", "Take the free assessment first."), 422)
    try:
        session = start_checkout(current_parts(), lead_id)
    except CheckoutRefused as exc:
        return _membership(lead_id, exc, exc.status)
    except PaymentGatewayError:
        unavailable = CheckoutRefused(503, "unavailable", "Payments are briefly unavailable. Please try again.")
        return _membership(lead_id, unavailable, 503)
    return redirect(session.url or "/membership", code=303)


@bp.get("/billing/success")
def success() -> ResponseReturnValue:
    """Thank the new member; the page checks Stripe itself, so it never waits for the webhook."""
    session_id = request.args.get("session_id", "")
    try:
        status = session_status(current_parts(), session_id) if session_id else None
    except UnknownSession:
        status = None
    code = 200 if status else 404
    return render_template("billing/success.html", status=status, manage_url=manage_url(current_parts())), code


@bp.get("/billing/cancel")
def cancel() -> ResponseReturnValue:
    """Reassure a visitor who left Checkout: nothing was charged."""
    lead_id = (request.args.get("lead") or "")[:64]
    return render_template("billing/cancel.html", lead_id=lead_id)
