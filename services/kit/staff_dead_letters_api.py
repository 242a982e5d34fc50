"""Staff JSON endpoints over a service's dead letters: list, retry, discard with a reason (admins only)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, Schema, fields

from services.kit import audit
from services.kit.container import Container
from services.kit.dead_letter_words import describe, safe_error
from services.kit.no_store import install_no_store
from services.kit.staff_auth import require_roles
from services.kit.staff_reason import staff_reason_field

LIST_LIMIT = 200


class DeadLetterSchema(Schema):
    """One job that failed for good, described without its payload."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "the job kind's code"})
    description = fields.String(required=True, metadata={"description": "what the job was for, in words"})
    attempts = fields.Integer(required=True)
    last_error = fields.String(required=True, metadata={"description": "addresses and numbers are blotted out"})
    created_at = fields.DateTime(required=True, format="iso")
    failed_at = fields.DateTime(allow_none=True, format="iso")


class DeadLetterListSchema(Schema):
    """The newest dead letters of one service."""

    service = fields.String(required=True)
    items = fields.List(fields.Nested(DeadLetterSchema), required=True)


class DiscardSchema(Schema):
    """Why a dead letter is given up on."""

    class Meta:
        """Refuse fields the endpoint does not know."""

        unknown = RAISE

    reason = staff_reason_field()


class OutcomeSchema(Schema):
    """What became of a dead letter."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"description": "pending (queued again) or discarded"})


def shape_dead_letter(row: dict[str, Any]) -> dict[str, Any]:
    """Shape one dead job for staff."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "description": describe(row["kind"], row.get("payload")),
        "attempts": row["attempts"],
        "last_error": safe_error(row.get("last_error")),
        "created_at": row["created_at"],
        "failed_at": row.get("finished_at"),
    }


def dead_letters_blueprint(service: str) -> Blueprint:
    """Build `/api/<service>/staff/dead-letters` for one service's outbox."""
    bp = Blueprint(
        "staff_dead_letters",
        __name__,
        url_prefix=f"/api/{service}/staff/dead-letters",
        description="Jobs that failed for good, for administrators",
    )
    install_no_store(bp)

    def container() -> Container:
        return current_app.extensions["container"]  # type: ignore[no-any-return]

    @bp.get("")
    @require_roles("admin")
    @bp.response(200, DeadLetterListSchema)
    @bp.alt_response(401, description="No staff token")
    @bp.alt_response(403, description="Not an administrator")
    def list_dead_letters() -> dict[str, Any]:
        """List the newest dead letters, what each was for and its last error."""
        rows = container().outbox.dead_letters(LIST_LIMIT, with_payload=True)
        return {"service": service, "items": [shape_dead_letter(row) for row in rows]}

    @bp.post("/<int(min=1, max=9223372036854775807):job_id>/retry")
    @require_roles("admin")
    @bp.response(200, OutcomeSchema)
    @bp.alt_response(404, description="No dead letter has this id (already retried or discarded)")
    def retry_dead_letter(job_id: int) -> dict[str, Any]:
        """Queue a dead letter again with fresh attempts."""
        built = container()
        with built.db.transaction() as session:
            if not built.outbox.retry_in(session, job_id):
                abort(404, message="No dead letter has this id; it may have been retried or discarded already.")
            audit.record(session, built.infra.audit, "dead_letter.retried", "outbox_job", str(job_id))
        return {"id": job_id, "status": "pending"}

    @bp.post("/<int(min=1, max=9223372036854775807):job_id>/discard")
    @require_roles("admin")
    @bp.arguments(DiscardSchema)
    @bp.response(200, OutcomeSchema)
    @bp.alt_response(404, description="No dead letter has this id (already retried or discarded)")
    def discard_dead_letter(body: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Give up on a dead letter for good, saying why."""
        built = container()
        with built.db.transaction() as session:
            if not built.outbox.discard_in(session, job_id):
                abort(404, message="No dead letter has this id; it may have been retried or discarded already.")
            audit.record(
                session, built.infra.audit, "dead_letter.discarded", "outbox_job", str(job_id), body["reason"].strip()
            )
        return {"id": job_id, "status": "discarded"}

    return bp
