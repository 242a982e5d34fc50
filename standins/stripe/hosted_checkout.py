"""The hosted Checkout page at a session's `url`: card form, scripted completion, authentication."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request

from . import checkout_flow, shapes_sessions
from .checkout_flow import PaymentResult
from .standin import standin

bp = Blueprint("stripe_hosted_checkout", __name__, url_prefix="/c/pay", template_folder="templates")

STATUS = {"complete": 200, "requires_action": 200, "declined": 402, "error": 400, "applied": 200}


def _success_url(session: dict[str, Any]) -> str:
    """Return where the payer goes after paying, with Stripe's placeholder filled in."""
    return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])


def _page(session: dict[str, Any], result: PaymentResult | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """Render the checkout page for a session."""
    store = standin().store
    extra = store.internal(session["id"])
    price = store.get("price", extra["price"])
    product = store.get("product", price["product"])
    customer = store.find("customer", session["customer"] or "")
    amount = f"${price['unit_amount'] * extra['quantity'] / 100:,.2f}"
    promo = store.find("promotion_code", extra.get("promotion_code") or "")
    html = render_template(
        "stripe_standin/checkout.html",
        session=session,
        price=price,
        product=product,
        amount=amount,
        trial_days=extra["trial_days"],
        result=result,
        pay_url=shapes_sessions.hosted_url(standin().config.public_url, session["id"]),
        email=session["customer_email"] or (customer or {}).get("email"),
        promo=promo,
        discount=f"${session['total_details']['amount_discount'] / 100:,.2f}",
        total=f"${session['amount_total'] / 100:,.2f}",
        typed_code=request.form.get("promotion_code", "") if request.method == "POST" else "",
        success_url=_success_url(session),
    )
    return html, status


def _finish(result: PaymentResult, as_json: bool):  # type: ignore[no-untyped-def]
    """Answer a payment attempt: JSON for scripts, a redirect or the page again for browsers."""
    session = result.session
    if as_json:
        body = result.as_json()
        if result.result == "complete":
            body["redirect_url"] = _success_url(session)
        return jsonify(body), STATUS[result.result]
    if result.result == "complete":
        return redirect(_success_url(session), code=303)
    return _page(session, result, STATUS[result.result])


@bp.get("/<session_id>")
def show(session_id: str):  # type: ignore[no-untyped-def]
    """Show the payment form."""
    with standin().store.lock:
        return _page(standin().store.get("checkout.session", session_id))


@bp.post("/<session_id>")
def submit(session_id: str):  # type: ignore[no-untyped-def]
    """Pay with the card typed into the form."""
    app_state = standin()
    with app_state.store.lock:
        session = app_state.store.get("checkout.session", session_id)
        code = request.form.get("promotion_code")
        if request.form.get("action") == "apply":
            applied = checkout_flow.apply_code(app_state.store, session, code)
            if applied is None:
                applied = PaymentResult("error", "Enter a promotion code.", session)
            return _page(session, applied, STATUS[applied.result])
        result = checkout_flow.pay(
            app_state.store, app_state.config.public_url, session, request.form.get("card"), code
        )
        return _finish(result, as_json=False)


@bp.post("/<session_id>/complete")
def complete(session_id: str):  # type: ignore[no-untyped-def]
    """Pay from a script: JSON `{"card": "4242424242424242", "promotion_code": "..."}` in, the outcome as JSON out."""
    app_state = standin()
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("card"), str):
        return jsonify(
            {
                "result": "error",
                "message": 'Send JSON {"card": "<test card number>"}.',
                "errors": {"card": ["Missing or not a string."]},
            }
        ), 400
    with app_state.store.lock:
        session = app_state.store.get("checkout.session", session_id)
        result = checkout_flow.pay(
            app_state.store, app_state.config.public_url, session, body["card"], body.get("promotion_code")
        )
        return _finish(result, True)


@bp.post("/<session_id>/authenticate")
def authenticate(session_id: str):  # type: ignore[no-untyped-def]
    """Pass or fail the bank's authentication step (form `approve=yes|no` or JSON `{"approve": bool}`)."""
    body = request.get_json(silent=True)
    as_json = isinstance(body, dict)
    if isinstance(body, dict):
        approve = bool(body.get("approve", True))
    else:
        approve = request.form.get("approve", "yes") == "yes"
    app_state = standin()
    with app_state.store.lock:
        session = app_state.store.get("checkout.session", session_id)
        return _finish(checkout_flow.authenticate(app_state.store, session, approve), as_json)
