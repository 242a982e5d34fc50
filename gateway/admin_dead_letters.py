"""/admin/dead-letters: the jobs every service gave up on, in one list, with retry and discard-with-reason."""

from __future__ import annotations

from typing import Any

import requests
from flask import Blueprint, Flask, current_app, g, make_response, redirect, render_template, request
from werkzeug.wrappers import Response

from gateway.fan_out import fetch_json, fetch_json_all
from gateway.settings import GatewaySettings
from gateway.staff.tables import infra
from gateway.staff_forwarding import SOURCE_WORDS, forwarded_token, unavailable
from services.kit import audit
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.outbox import OutboxStore
from services.kit.staff_dead_letters_api import LIST_LIMIT, shape_dead_letter
from services.kit.staff_pages import install_error_pages, staff_page

SOURCES = ("leads", "billing", "newsletter", "gateway")
DONE = {
    "retried": "Queued again: the worker tries it within seconds.",
    "discarded": "Discarded, with your reason kept.",
}
GONE = "That job is no longer a dead letter: someone retried or discarded it already."


def _gateway_outbox() -> OutboxStore:
    """The gateway's own outbox (staff invitations)."""
    return OutboxStore(current_app.extensions["staff"].db, infra.outbox)


def _local_list() -> dict[str, Any]:
    """The gateway's dead letters in the shape the services answer with."""
    rows = _gateway_outbox().dead_letters(LIST_LIMIT, with_payload=True)
    items = [shape_dead_letter(row) for row in rows]
    for item in items:
        for key in ("created_at", "failed_at"):
            item[key] = item[key].isoformat() if item[key] else None
    return {"service": "gateway", "items": items}


def _local_act(job_id: int, action: str, reason: str) -> int:
    """Retry or discard one of the gateway's own dead letters, audited; return the status code to show."""
    store = _gateway_outbox()
    with store.db.transaction() as session:
        changed = store.retry_in(session, job_id) if action == "retry" else store.discard_in(session, job_id)
        if changed:
            verb = "dead_letter.retried" if action == "retry" else "dead_letter.discarded"
            audit.record(session, infra.audit, verb, "outbox_job", str(job_id), reason or None)
    return 200 if changed else 404


def install_dead_letters(app: Flask, settings: GatewaySettings, session: requests.Session) -> None:
    """Serve the dead-letter list and its actions."""
    bp = Blueprint("admin_dead_letters", __name__, url_prefix="/admin/dead-letters")
    install_no_store(bp)
    install_error_pages(bp)
    bases = {name: url.rstrip("/") for name, url in settings.upstreams.items()}

    def page(status: int = 200, **context: Any) -> Response:
        """Gather every source's list (a silent one becomes a message) and render them as one."""
        urls = {name: f"{base}/api/{name}/staff/dead-letters" for name, base in bases.items()}
        fetched = fetch_json_all(session, urls, settings.health_timeout, forwarded_token())
        items: list[dict[str, Any]] = []
        problems: list[str] = []
        for name in SOURCES:
            body = _local_list() if name == "gateway" else None
            if body is None:
                problem = unavailable(name, fetched[name])
                if problem:
                    problems.append(problem)
                    continue
                body = fetched[name].body
            for item in body.get("items") or []:
                items.append({**item, "source": name, "source_words": SOURCE_WORDS[name]})
        items.sort(key=lambda item: item.get("failed_at") or item.get("created_at") or "", reverse=True)
        with current_app.extensions["staff"].db.transaction() as db_session:
            audit.record(db_session, infra.audit, "dead_letters.listed", "outbox_job", "all")
        html = render_template(
            "admin/dead_letters.html",
            identity=g.staff,
            items=items,
            problems=problems,
            when=local_time,
            done=DONE.get(request.args.get("done", "")),
            errors=context.pop("errors", {}),
            **context,
        )
        return make_response(html, status)

    @bp.get("")
    @staff_page("admin")
    def dead_letters() -> Response:
        """List the dead letters of every service, newest first."""
        return page()

    def act(source: str, job_id: int, action: str) -> Response:
        """Retry or discard through the service that owns the job."""
        if source not in SOURCES:
            return page(404, message="There is no such service.")
        reason = request.form.get("reason", "").strip()
        if action == "discard" and len(reason.replace(" ", "")) < 3:
            return page(422, errors={f"{source}-{job_id}": ["Say why it is discarded, in a few words."]})
        if len(reason) > 500 or not reason.isprintable():
            problem = (
                "Keep the reason under 500 characters."
                if len(reason) > 500
                else "Use letters, digits and punctuation only."
            )
            return page(422, errors={f"{source}-{job_id}": [problem]})
        if source == "gateway":
            status: int | None = _local_act(job_id, action, reason)
        else:
            url = f"{bases[source]}/api/{source}/staff/dead-letters/{job_id}/{action}"
            body = {"reason": reason} if action == "discard" else None
            status = fetch_json(
                session, url, settings.health_timeout, forwarded_token(), method="POST", body=body
            ).status_code
        if status == 200:
            return redirect(f"/admin/dead-letters?done={'retried' if action == 'retry' else 'discarded'}", 303)
        if status == 404:
            return page(409, message=GONE)
        name = SOURCE_WORDS[source]
        return page(502, message=f"{name} could not be reached, so nothing was changed. Try again in a minute.")

    @bp.post("/<source>/<int(min=1, max=9223372036854775807):job_id>/retry")
    @staff_page("admin")
    def retry(source: str, job_id: int) -> Response:
        """Queue a dead letter again."""
        return act(source, job_id, "retry")

    @bp.post("/<source>/<int(min=1, max=9223372036854775807):job_id>/discard")
    @staff_page("admin")
    def discard(source: str, job_id: int) -> Response:
        """Give up on a dead letter, with a reason."""
        return act(source, job_id, "discard")

    app.register_blueprint(bp)
