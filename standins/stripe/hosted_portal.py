"""The hosted Customer Portal page and the invoice pages linked from it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from . import invoice_pdf, subscriptions
from .cards import CardRejected, Outcome, lookup
from .payments import attach_card, card_of
from .standin import standin

bp = Blueprint("stripe_hosted_portal", __name__, template_folder="templates")

NOTICES = {
    "card": "Your card was updated.",
    "paid": "Your card was updated and the open invoice is paid.",
    "canceled": "Your subscription will end at the end of the period.",
    "resumed": "Your subscription will continue.",
}


def _portal(session_id: str) -> dict[str, Any]:
    """Return the portal session or 404."""
    return standin().store.get("billing_portal.session", session_id)


def _back(session_id: str, notice: str) -> WerkzeugResponse:
    """Send the browser back to the portal page after a change."""
    return redirect(url_for(".show", session_id=session_id, notice=notice), code=303)


def _page(session: dict[str, Any], error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """Render the portal for the session's customer."""
    store = standin().store
    customer_id = session["customer"]
    subs = [s for s in store.all("subscription") if s["customer"] == customer_id]
    invoices = [i for i in store.all("invoice") if i["customer"] == customer_id]
    html = render_template(
        "stripe_standin/portal.html",
        session=session,
        customer=store.get("customer", customer_id),
        subscriptions=subs,
        invoices=invoices,
        card=card_of(store, customer_id),
        error=error,
        notice=NOTICES.get(request.args.get("notice", "")),
        base=session["url"],
    )
    return html, status


@bp.get("/p/session/<session_id>")
def show(session_id: str):  # type: ignore[no-untyped-def]
    """Show the customer's subscriptions, card and invoices."""
    with standin().store.lock:
        return _page(_portal(session_id))


@bp.post("/p/session/<session_id>/card")
def update_card(session_id: str):  # type: ignore[no-untyped-def]
    """Replace the card; an open invoice of a past-due subscription is paid with it at once."""
    store = standin().store
    with store.lock:
        session = _portal(session_id)
        try:
            card = lookup(request.form.get("card"))
        except CardRejected as exc:
            return _page(session, str(exc), 400)
        attach_card(store, store.get("customer", session["customer"]), card)
        paid = False
        for sub in store.all("subscription"):
            invoice = store.find("invoice", sub["latest_invoice"] or "")
            if (
                sub["customer"] != session["customer"]
                or sub["status"] not in ("past_due", "incomplete")
                or invoice is None
                or invoice["status"] != "open"
            ):
                continue
            # The customer is present in the portal, so a bank's authentication step can be completed.
            if subscriptions.settle(store, sub, invoice, authenticated=True) is not Outcome.SUCCEEDED:
                return _page(session, "Your card was declined. The open invoice is still unpaid.", 402)
            paid = True
        return _back(session_id, notice="paid" if paid else "card")


@bp.post("/p/session/<session_id>/subscriptions/<sub_id>/<action>")
def change_subscription(session_id: str, sub_id: str, action: str):  # type: ignore[no-untyped-def]
    """Cancel at period end, or resume a subscription set to cancel."""
    store = standin().store
    with store.lock:
        session = _portal(session_id)
        sub = store.get("subscription", sub_id)
        if sub["customer"] != session["customer"] or action not in ("cancel", "resume"):
            return _page(session, "That subscription cannot be changed here.", 404)
        if sub["status"] not in subscriptions.LIVE:
            return _page(session, "This subscription has already ended.", 409)
        subscriptions.cancel_at_period_end(store, sub, action == "cancel")
        return _back(session_id, notice="canceled" if action == "cancel" else "resumed")


@bp.get("/i/<invoice_id>")
def invoice_page(invoice_id: str):  # type: ignore[no-untyped-def]
    """Show the hosted invoice page."""
    with standin().store.lock:
        return render_template("stripe_standin/invoice.html", invoice=standin().store.get("invoice", invoice_id))


@bp.get("/i/<invoice_id>/pdf")
def invoice_pdf_file(invoice_id: str) -> Response:
    """Download the invoice as a PDF."""
    with standin().store.lock:
        invoice = standin().store.get("invoice", invoice_id)
        return Response(
            invoice_pdf.render(invoice),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{invoice["number"]}.pdf"'},
        )
