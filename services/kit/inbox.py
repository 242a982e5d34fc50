"""The receiving side of events: verify, dedupe on the event id, handle in the same transaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from services.contracts.events import Event, InvalidEvent
from services.kit.db import Database
from services.kit.event_signing import SignatureError, verify

log = logging.getLogger("inbox")

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Received(Generic[E]):
    """One delivered event: its id (the dedupe key), when it happened, and the typed event itself."""

    id: str
    occurred_at: str
    event: E


# A handler takes the session and the Received event it is registered for, parsed from the wire at the edge.
EventHandler = Callable[[Session, Any], None]
Handlers = Mapping[type[Event], EventHandler]


def receive(db: Database, inbox: Table, handlers: Handlers, event: dict[str, Any]) -> bool:
    """Apply an event once; return False when it was already received. Raise InvalidEvent before storing."""
    registered = {kind.TYPE: (kind, handler) for kind, handler in handlers.items()}
    found = registered.get(event["type"])
    typed = found[0].from_data(event.get("data")) if found else None
    with db.transaction() as session:
        seen = session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event["id"])).first()
        if seen:
            return False
        session.execute(
            insert(inbox).values(event_id=event["id"], event_type=event["type"], source=event.get("source", "?"))
        )
        if found is not None:
            found[1](session, Received(event["id"], str(event.get("occurred_at", "")), typed))
        else:
            log.info("event type without handler", extra={"event_type": event["type"]})
    return True


def inbox_blueprint(db: Database, inbox: Table, handlers: Handlers, signing_key: str) -> Blueprint:
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
        try:
            fresh = receive(db, inbox, handlers, event)
        except InvalidEvent as exc:  # parsed at the edge: a broken event changes nothing and is not retried as new
            abort(400, f"malformed event: {exc}")
        current_app.logger.info("event received", extra={"event_type": event["type"], "duplicate": not fresh})
        return jsonify({"received": True, "duplicate": not fresh}), 200

    return bp
