"""A small dev mail viewer: the accepted messages as pages, each body in a sandboxed frame."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request

from standins.sendgrid.dev_mail_api import page_args
from standins.sendgrid.state import standin_state

bp = Blueprint("sendgrid_viewer", __name__, template_folder="templates")
PAGE_SIZE = 100
# Email HTML keeps its inline styles and remote images; scripts never run (the frame is sandboxed too).
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; "
    "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


def _page(html: str) -> Response:
    """Wrap a rendered page with headers that keep message content contained."""
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/dev/mail/view")
def mail_list_page() -> Response:
    """List accepted messages (subject, recipient, time), newest first, linking to each one."""
    offset, limit = page_args()
    limit = limit or PAGE_SIZE
    to = request.args.get("to") or None
    store = standin_state().store
    messages = [d.render() for d in store.newest(to=to, offset=offset, limit=limit)]
    total = store.stats()["total"] if to is None else len(store.newest(to=to))
    return _page(
        render_template(
            "sendgrid_standin/mail_list.html",
            messages=messages,
            to=to or "",
            offset=offset,
            limit=limit,
            total=total,
        )
    )


@bp.get("/dev/mail/<delivery_id>")
def mail_page(delivery_id: str) -> Response:
    """Show one message: its headers, HTML body in a sandboxed frame, and text body (JSON on request)."""
    delivery = standin_state().store.get(delivery_id)
    if delivery is None:
        abort(404, description="No message with that id.")
    message = delivery.render()
    wants_json = request.args.get("format") == "json" or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    )
    if wants_json:
        return jsonify(message)
    return _page(render_template("sendgrid_standin/mail_detail.html", message=message))
