"""/admin/billing/promotion-codes: the codes members can type at Checkout, their terms and how often they were used."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, render_template

from services.billing.bootstrap import current_parts
from services.billing.payments.port import PaymentGatewayError, PromotionCodeState
from services.billing.staff.words import discount_words
from services.kit.audit import record
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page

bp = Blueprint("billing_staff_promotions", __name__, url_prefix="/admin/billing")
install_no_store(bp)
install_error_pages(bp)


def _standing(code: PromotionCodeState, now: int) -> str:
    """Whether a member can use the code today, in words."""
    if not code.active:
        return "Switched off"
    if code.expires_at is not None and code.expires_at <= now:
        return "Expired"
    if code.max_redemptions is not None and code.times_redeemed >= code.max_redemptions:
        return "Used up"
    return "Active"


def _row(code: PromotionCodeState, now: int) -> dict[str, Any]:
    """One code as staff read it."""
    limit = f" of {code.max_redemptions}" if code.max_redemptions is not None else ""
    return {
        "code": code.code,
        "discount": discount_words(
            code.percent_off, code.amount_off, code.currency, code.duration, code.duration_in_months
        ),
        "redemptions": f"{code.times_redeemed}{limit}",
        "standing": _standing(code, now),
        "expires": local_time(datetime.fromtimestamp(code.expires_at, UTC)) if code.expires_at else "Never",
    }


@bp.get("/promotion-codes")
@staff_page("marketer")
def promotion_codes() -> Any:
    """List every promotion code with its discount in words, redemptions and whether it can be used."""
    parts = current_parts()
    with parts.container.db.transaction() as session:
        record(session, parts.container.infra.audit, "billing.promotion_codes.read", "promotion_codes", "all")
    try:
        codes = parts.gateway.list_promotion_codes()
    except PaymentGatewayError:
        return render_template("billing/staff/promotion_codes.html", rows=[], unavailable=True), 503
    now = int(datetime.now(UTC).timestamp())
    rows = [_row(code, now) for code in sorted(codes, key=lambda c: c.created, reverse=True)]
    return render_template("billing/staff/promotion_codes.html", rows=rows, unavailable=False), 200
