"""Manage billing: enter your email, follow the emailed link, land in Stripe's Customer Portal."""

from __future__ import annotations

import logging

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from services.billing.bootstrap import current_parts
from services.billing.payments.port import NotFoundAtProvider, PaymentGatewayError
from services.billing.portal.links import LinkRefused, check_link, release_link, send_signin_link, use_link
from services.kit.no_store import install_no_store

log = logging.getLogger(__name__)

bp = Blueprint("manage_billing", __name__)
install_no_store(bp)  # members' names, emails and billing states: never kept by a browser or proxy


@bp.get("/billing/manage")
def manage() -> ResponseReturnValue:
    """Ask for the member's email."""
    return render_template(
        "billing/manage.html", sent=False, error=None, email="", returned=request.args.get("returned") == "1"
    )


@bp.post("/billing/manage")
def request_link() -> ResponseReturnValue:
    """Send a sign-in link if the email is a customer's; the answer is the same either way."""
    email = (request.form.get("email") or "").strip()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        html = render_template(
            "billing/manage.html",
            sent=False,
            email=email[:320],
            returned=False,
            error="Enter your email address, like name@example.com.",
        )
        return html, 422
    send_signin_link(current_parts(), email)
    return render_template("billing/manage.html", sent=True, error=None, email="", returned=False)


def _refused(reason: str) -> ResponseReturnValue:
    """Explain that a link can no longer be used, and offer a new one."""
    return render_template("billing/link_refused.html", reason=reason), 410 if reason in ("used", "expired") else 400


@bp.get("/billing/manage/signin")
def signin() -> ResponseReturnValue:
    """Show a button that opens the portal; mail scanners that follow links do not use them up."""
    token = request.args.get("token", "")
    try:
        check_link(current_parts(), token)
    except LinkRefused as exc:
        return _refused(str(exc))
    return render_template("billing/signin.html", token=token)


@bp.post("/billing/manage/signin")
def open_portal() -> ResponseReturnValue:
    """Use the link once and send the member to their Customer Portal session."""
    parts = current_parts()
    try:
        nonce, customer_id = use_link(parts, request.form.get("token", ""))
    except LinkRefused as exc:
        return _refused(str(exc))
    try:
        url = parts.gateway.create_portal_session(
            customer_id, parts.settings.public_url.rstrip("/") + "/billing/manage?returned=1"
        )
    except NotFoundAtProvider:
        # Stripe answers 400 resource_missing for a customer deleted there: trying again cannot help.
        return render_template(
            "billing/signin.html",
            token="",
            error="We could not find your billing account with our payment provider, so there is nothing to "
            "manage here. If you think this is wrong, please contact the clinic.",
        ), 409
    except PaymentGatewayError as exc:
        release_link(parts, nonce)
        log.warning("portal session failed", extra={"error": str(exc)[:200]})
        return render_template(
            "billing/signin.html",
            token=request.form.get("token", ""),
            error="Billing is briefly unavailable. Please try again in a moment.",
        ), 503
    return redirect(url, code=303)
