"""The pages a subscriber reaches through signed links: preferences, export, erase, and a fresh link."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from services.kit.no_store import install_no_store
from services.newsletter.bootstrap import current_parts
from services.newsletter.preferences.service import erase, export_record, update_preferences
from services.newsletter.signup import store
from services.newsletter.signup.identity import clean_email
from services.newsletter.signup.signup import queue_limited
from services.newsletter.subscriber_domain.tokens import ExpiredLink, InvalidLink, LinkPayload
from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS, TOPICS

bp = Blueprint("preference_pages", __name__)
install_no_store(bp)


class LinkProblem(Exception):
    """The preferences link is invalid or expired; the page offers a fresh one."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


@bp.errorhandler(LinkProblem)
def _link_problem(exc: LinkProblem) -> ResponseReturnValue:
    """Explain the link problem and offer to email a fresh link."""
    return render_template("newsletter/link_problem.html", state=exc.state), 410 if exc.state == "expired" else 400


def _read_link(token: str) -> LinkPayload:
    """Verify a preferences token from the query string or the form."""
    try:
        return current_parts().links.read("preferences", token)
    except ExpiredLink:
        raise LinkProblem("expired") from None
    except InvalidLink:
        raise LinkProblem("invalid") from None


def _token() -> str:
    """Return the token sent with this request."""
    return request.form.get("token") or request.args.get("token", "")


def _page(link: LinkPayload, token: str, saved: bool = False) -> ResponseReturnValue:
    """Render the preferences page for the linked subscriber."""
    nl = current_parts()
    with nl.db.transaction() as session:
        row = store.get(session, int(link.subscriber_id))
        topics = store.topics_of(session, row.id) if row else []
    if row is None:
        return render_template("newsletter/link_problem.html", state="gone"), 404
    unsubscribe_url = nl.links.url("unsubscribe", row.id)
    return render_template(
        "newsletter/preferences.html",
        row=row,
        chosen=topics,
        topics=TOPICS,
        token=token,
        saved=saved,
        unsubscribe_path=unsubscribe_url[len(nl.links.base) :],
    )


@bp.get("/newsletter/preferences")
def preferences_page() -> ResponseReturnValue:
    """Show the subscriber's topics, pause, unsubscribe, export and erase."""
    token = _token()
    return _page(_read_link(token), token)


@bp.post("/newsletter/preferences")
def save_preferences() -> ResponseReturnValue:
    """Save topics and the pause."""
    token = _token()
    link = _read_link(token)
    topics = [t for t in request.form.getlist("topics") if t in TOPIC_SLUGS]
    paused = request.form.get("paused") == "on"
    nl = current_parts()
    with nl.db.transaction() as session:
        update_preferences(session, int(link.subscriber_id), topics, paused)
    return _page(link, token, saved=True)


@bp.post("/newsletter/preferences/export")
def export_data() -> ResponseReturnValue:
    """Download everything we hold about the subscriber as JSON."""
    link = _read_link(_token())
    nl = current_parts()
    with nl.db.transaction() as session:
        record = export_record(session, int(link.subscriber_id))
    if record is None:
        return render_template("newsletter/link_problem.html", state="gone"), 404
    response = Response(json.dumps(record, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-newsletter-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/newsletter/preferences/erase")
def erase_record() -> ResponseReturnValue:
    """Erase the subscriber's record once they tick the confirmation box."""
    token = _token()
    link = _read_link(token)
    if request.form.get("confirm") != "yes":
        return render_template("newsletter/erase_confirm.html", token=token), 422
    nl = current_parts()
    with nl.db.transaction() as session:
        erase(session, nl, int(link.subscriber_id))
    return render_template("newsletter/erased.html")


@bp.post("/newsletter/preferences/link")
def send_fresh_link() -> ResponseReturnValue:
    """Email a fresh preferences link; the answer is the same whether or not the address is known."""
    nl = current_parts()
    try:
        email = clean_email(request.form.get("email", ""))
    except ValueError:
        return render_template("newsletter/link_problem.html", state="expired", email_error=True), 422
    with nl.db.transaction() as session:
        row = store.find_by_hash(session, nl.hasher(email), lock=True)
        if row is not None and row.status == "confirmed":
            queue_limited(session, nl, row.id, row, "preferences_link")
    return render_template("newsletter/check_email.html")
