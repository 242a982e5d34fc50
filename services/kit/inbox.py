"""The receiving side of events: verify, dedupe on the event id, handle in the same transaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from services.kit.db import Database
from services.kit.event_signing import SignatureError, verify

log = logging.getLogger("inbox")

EventHandler = Callable[[Session, dict[str, Any]], None]


def receive(db: Database, inbox: Table, handlers: dict[str, EventHandler], event: dict[str, Any]) -> bool:
    """Apply an event once; return False when it was already received."""
    with db.transaction() as session:
        seen = session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event["id"])).first()
        if seen:
            return False
        session.execute(
            insert(inbox).values(event_id=event["id"], event_type=event["type"], source=event.get("source", "?"))
        )
        handler = handlers.get(event["type"])
        if handler is not None:
            handler(session, event)
        else:
            log.info("event type without handler", extra={"event_type": event["type"]})
    return True


def inbox_blueprint(db: Database, inbox: Table, handlers: dict[str, EventHandler], signing_key: str) -> Blueprint:
    """Build the /internal/events endpoint; the gateway never exposes it."""
    bp = Blueprint("internal_events", __name__)

    @bp.post("/internal/events")
    def receive_event() -> ResponseReturnValue:
        """Take one signed event from another service."""
        body = request.get_data(cache=False)
        try:
            verify(
                signing_key, body, request.headers.get("X-Event-Timestamp"), request.headers.get("X-Event-Signature")
            )
        except SignatureError as exc:
            abort(401, str(exc))
        try:
            event = json.loads(body)
            if (
                not isinstance(event, dict)
                or not isinstance(event.get("id"), str)
                or not isinstance(event.get("type"), str)
            ):
                raise ValueError("event needs string id and type")
        except ValueError as exc:
            abort(400, f"malformed event: {exc}")
        fresh = receive(db, inbox, handlers, event)
        current_app.logger.info("event received", extra={"event_type": event["type"], "duplicate": not fresh})
        return jsonify({"received": True, "duplicate": not fresh}), 200

    return bp
