"""Staff JSON API for what the console pages do beyond the member API: refunds, links, repair, promotion codes."""

from __future__ import annotations

from typing import Any

from flask_smorest import Api, Blueprint
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from services.billing.bootstrap import current_parts
from services.billing.http_errors import refuse
from services.billing.payments.port import PaymentGatewayError
from services.billing.repair.reconcile import reconcile
from services.billing.staff import actions
from services.billing.staff.members import get_member
from services.billing.staff.schemas import MemberSchema, ReasonSchema
from services.billing.webhooks.failed import failed_events, replay
from services.kit.audit import record
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_reason import staff_reason_field

bp = Blueprint("staff_operations", __name__, url_prefix="/api/billing", description="Billing repair, for staff")
install_no_store(bp)


class FailedEventSchema(Schema):
    """A Stripe event billing could not process."""

    id = fields.String()
    type = fields.String()
    object_id = fields.String(allow_none=True)
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    received_at = fields.DateTime()


# Stripe's event ids are ASCII, so the largest replay the document allows stays well inside the gateway's
# 64 KiB body limit for /api (gateway/Caddyfile), and Caddy never refuses a body the document accepts.
EVENT_ID_PATTERN = "^evt_[A-Za-z0-9]{1,251}$"
MAX_REPLAY = 100


class ReplaySchema(Schema):
    """Which failed events to process again, and why."""

    class Meta:
        """Refuse unknown fields."""

        unknown = RAISE

    event_ids = fields.List(
        fields.String(validate=validate.Regexp(EVENT_ID_PATTERN, error="Give Stripe event ids, such as evt_1NG8Du2e.")),
        load_default=list,
        validate=validate.Length(
            max=MAX_REPLAY, error=f"Replay at most {MAX_REPLAY} events at once, or send all: true."
        ),
    )
    all = fields.Boolean(load_default=False)
    reason = staff_reason_field()

    @validates_schema
    def names_some_events(self, data: dict[str, Any], **_: Any) -> None:
        """Some event ids, or all: true (the document's anyOf, REPLAY_NEEDS, says the same)."""
        if not data["event_ids"] and not data["all"]:
            raise ValidationError("Name the events to replay, or send all: true.", "event_ids")


# What names_some_events checks, in the words of JSON Schema, for the document.
REPLAY_NEEDS = [
    {"required": ["event_ids"], "properties": {"event_ids": {"minItems": 1}}},
    {"required": ["all"], "properties": {"all": {"enum": [True]}}},
]


def document_replay_rule(api: Api) -> None:
    """State in the document the rule a field alone cannot: a replay names some events or all of them."""
    api.spec.components.schemas[ReplaySchema.__name__.removesuffix("Schema")]["anyOf"] = REPLAY_NEEDS


class CountSchema(Schema):
    """How many events were queued again."""

    queued = fields.Integer()


class ReconcileSchema(Schema):
    """What one reconcile pass did."""

    customers = fields.Integer()
    fixed = fields.Integer()
    failed = fields.Integer()


class PromotionCodeSchema(Schema):
    """A promotion code and its coupon's terms."""

    id = fields.String()
    code = fields.String()
    active = fields.Boolean()
    times_redeemed = fields.Integer()
    max_redemptions = fields.Integer(allow_none=True)
    expires_at = fields.Integer(allow_none=True)
    percent_off = fields.Float(allow_none=True)
    amount_off = fields.Integer(allow_none=True)
    currency = fields.String(allow_none=True)
    duration = fields.String()
    duration_in_months = fields.Integer(allow_none=True)


def _audit(action: str, target: str, reason: str) -> None:
    """Record a repair action with its reason."""
    with current_parts().container.db.transaction() as session:
        record(session, current_parts().container.infra.audit, action, "stripe_events", target, reason)


def _member_action(customer_id: str, name: str, reason: str) -> dict[str, Any]:
    """Run a member action as the page does and return the member afterwards."""
    parts = current_parts()
    member = get_member(parts, customer_id)
    if member is None:
        refuse(404, "No such member.")
    try:
        if name == "refund":
            actions.cancel_now_with_refund(parts, str(member["customer_id"]), reason)
        else:
            actions.resend_manage_link(parts, str(member["customer_id"]), str(member["email"]), reason)
    except actions.ActionRefused as refused:
        refuse(refused.status, refused.message)
    return get_member(parts, str(member["customer_id"])) or {}


@bp.route("/members/<string:customer_id>/cancel-now-refund", methods=["POST"])
@require_roles("admin")
@bp.arguments(ReasonSchema)
@bp.response(200, MemberSchema)
def cancel_now_refund(body: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """End the membership at once and refund its latest payment (admins only)."""
    return _member_action(customer_id, "refund", body["reason"])


@bp.route("/members/<string:customer_id>/resend-manage-link", methods=["POST"])
@require_roles("admin")
@bp.arguments(ReasonSchema)
@bp.response(200, MemberSchema)
def resend_manage_link(body: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Email the member a fresh manage-billing link (admins only)."""
    return _member_action(customer_id, "link", body["reason"])


@bp.route("/failed-events", methods=["GET"])
@require_roles("admin")
@bp.response(200, FailedEventSchema(many=True))
def list_failed() -> list[dict[str, Any]]:
    """List Stripe events whose processing failed, oldest first."""
    _audit("billing.failed_events.read", "failed", "staff API")
    return failed_events(current_parts().container, limit=200)


@bp.route("/failed-events/replay", methods=["POST"])
@require_roles("admin")
@bp.arguments(ReplaySchema)
@bp.response(200, CountSchema)
def replay_failed(body: dict[str, Any]) -> dict[str, int]:
    """Queue failed events again, by id or all of them."""
    waiting = {row["id"] for row in failed_events(current_parts().container, limit=10_000)}
    unknown = [e for e in body["event_ids"] if e not in waiting]
    if unknown and not body["all"]:
        refuse(409, "Some events are not waiting for a replay.", {"event_ids": unknown})
    count = replay(current_parts().container, None if body["all"] else body["event_ids"], every_failed=body["all"])
    _audit(
        "billing.failed_events.replay",
        "all failed" if body["all"] else ",".join(body["event_ids"])[:100],
        body["reason"],
    )
    return {"queued": count}


@bp.route("/reconcile", methods=["POST"])
@require_roles("admin")
@bp.arguments(ReasonSchema)
@bp.response(200, ReconcileSchema)
def reconcile_now(body: dict[str, Any]) -> dict[str, int]:
    """Compare every member with Stripe now and correct the mirror."""
    report = reconcile(current_parts())
    _audit("billing.reconcile", "all members", body["reason"])
    return {"customers": report.customers, "fixed": report.fixed, "failed": len(report.failed)}


@bp.route("/promotion-codes", methods=["GET"])
@require_roles("marketer")
@bp.response(200, PromotionCodeSchema(many=True))
def promotion_codes() -> list[Any]:
    """List the promotion codes with their terms and redemptions (admins and marketers)."""
    try:
        return list(current_parts().gateway.list_promotion_codes())
    except PaymentGatewayError as exc:
        refuse(503, f"Stripe could not be reached: {exc}")
