"""GET/DELETE /dev/mail: what the stand-in accepted, for tests and people running the system."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from standins.sendgrid.answers import dev_error
from standins.sendgrid.state import standin_state

bp = Blueprint("sendgrid_dev_mail", __name__)


class QueryError(ValueError):
    """A query parameter that cannot be used, with the problem per parameter."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid query parameters")
        self.errors = errors


def page_args() -> tuple[int, int | None]:
    """Read `offset` and `limit` from the query string."""
    values: dict[str, int | None] = {"offset": 0, "limit": None}
    problems: dict[str, list[str]] = {}
    for name in values:
        raw = request.args.get(name)
        if raw is None or raw == "":
            continue
        if not raw.isdigit():
            problems[name] = ["Must be a whole number of 0 or more."]
            continue
        values[name] = int(raw)
    if problems:
        raise QueryError(problems)
    return values["offset"] or 0, values["limit"]


def filters() -> dict[str, str | None]:
    """Read the recipient, category and batch filters from the query string."""
    return {
        "to": request.args.get("to") or None,
        "category": request.args.get("category") or None,
        "batch_id": request.args.get("batch_id") or None,
    }


@bp.app_errorhandler(QueryError)
def _bad_query(error: QueryError) -> Response:
    """Answer a bad query string with field errors."""
    return dev_error(400, "The query string has invalid parameters.", error.errors)


@bp.get("/dev/mail")
def list_mail() -> Response:
    """List accepted messages newest first; filter with to, category, batch_id; page with limit, offset."""
    offset, limit = page_args()
    deliveries = standin_state().store.newest(offset=offset, limit=limit, **filters())
    return jsonify([delivery.render() for delivery in deliveries])


@bp.get("/dev/mail/stats")
def mail_stats() -> Response:
    """Count accepted messages in total and per recipient (optionally for one category or batch)."""
    selected = filters()
    if selected.pop("to"):
        raise QueryError({"to": ["Not supported here; use GET /dev/mail?to=..."]})
    return jsonify(standin_state().store.stats(**selected))


@bp.delete("/dev/mail")
def clear_mail() -> Response:
    """Forget every accepted message and the suppression list."""
    standin_state().store.clear()
    return Response(status=204)
