"""Event Webhook settings: where events go and the public key that verifies their signatures."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from standins.sendgrid.answers import bearer_problem, sendgrid_error
from standins.sendgrid.events import EVENT_TYPES
from standins.sendgrid.field_errors import FieldError
from standins.sendgrid.records import iso_time
from standins.sendgrid.state import standin_state

bp = Blueprint("sendgrid_webhook_settings", __name__)
# The stand-in has a single Event Webhook; its id is fixed so configuration can name it.
WEBHOOK_ID = "5e1d9d51-a4d1-4c0a-9c51-5a9d0e4b57a1"


@bp.get("/v3/user/webhooks/event/settings/signed")
@bp.get("/v3/user/webhooks/event/settings/signed/<webhook_id>")
def signed_public_key(webhook_id: str | None = None) -> Response:
    """Give the public key (base64 DER SubjectPublicKeyInfo) that verifies event signatures."""
    state = standin_state()
    problem = bearer_problem(state.config.api_key)
    if problem is not None:
        return problem
    if webhook_id not in (None, WEBHOOK_ID):
        return sendgrid_error(404, [FieldError("Invalid id provided.", None)])
    return jsonify({"id": webhook_id or "", "public_key": state.signer.public_key})


@bp.get("/v3/user/webhooks/event/settings")
@bp.get("/v3/user/webhooks/event/settings/<webhook_id>")
def event_webhook_settings(webhook_id: str | None = None) -> Response:
    """Describe the one Event Webhook: its URL, the events it carries, and its signing key."""
    state = standin_state()
    problem = bearer_problem(state.config.api_key)
    if problem is not None:
        return problem
    if webhook_id not in (None, WEBHOOK_ID):
        return sendgrid_error(404, [FieldError("Invalid id provided.", None)])
    url = state.dispatcher.url
    flags = {name: True for name in EVENT_TYPES if name != "spamreport"}
    return jsonify(
        {
            "enabled": bool(url),
            "url": url or "",
            "account_status_change": False,
            "spam_report": True,
            **flags,
            "friendly_name": "Local stand-in",
            "id": WEBHOOK_ID,
            "created_date": None,
            "updated_date": iso_time(state.started_at),
            "oauth_client_id": None,
            "oauth_token_url": None,
            "public_key": state.signer.public_key,
        }
    )
