"""/admin/audit: who read or changed which record, across the gateway and the three services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import requests
from flask import Blueprint, Flask, current_app, g, make_response, render_template, request
from werkzeug.wrappers import Response

from gateway.fan_out import fetch_json_all
from gateway.settings import GatewaySettings
from gateway.staff.tables import infra
from gateway.staff_forwarding import SOURCE_WORDS, forwarded_token, unavailable
from services.kit import audit
from services.kit.audit_reading import AuditQuery, read_audit
from services.kit.dead_letter_words import words_of
from services.kit.local_time import CLINIC_ZONE, local_time
from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page

PER_PAGE = 50
MAX_PAGE = 20  # each page asks every source for all entries up to it: deep paging belongs to a narrower filter
RECORD_WORDS = {
    "lead": "Lead",
    "leads": "Leads, as a list",
    "queue": "Clinicians' queue",
    "member": "Member",
    "subscription": "Subscription",
    "campaign": "Campaign",
    "subscribers": "Newsletter readers, as a list",
    "staff_user": "Staff account",
    "outbox_job": "Dead letter",
    "audit_log": "Audit log",
}
ACTOR_WORDS = {"system": "The system (a worker or a command)", "anonymous": "Someone not signed in"}


@dataclass(frozen=True)
class Filters:
    """The checked filters of the page, in the audit log's own terms."""

    query: AuditQuery
    page: int
    values: dict[str, str]


def _parse(args: Any, staff_subjects: set[str]) -> tuple[Filters | None, dict[str, list[str]], dict[str, str]]:
    """Check the filter form; return the filters or field errors (and the values to show back)."""
    values = {
        name: str(args.get(name, "")).strip()[:100] for name in ("person", "record_type", "record_id", "from", "to")
    }
    errors: dict[str, list[str]] = {}
    person = values["person"] or None
    if person and person not in staff_subjects and person not in ACTOR_WORDS:
        errors["person"] = ["Choose a person from the list."]
    record_type = values["record_type"] or None
    if record_type and record_type not in RECORD_WORDS:
        errors["record_type"] = ["Choose a kind of record from the list."]
    record_id = values["record_id"] or None
    if record_id and not record_id.isprintable():
        errors["record_id"] = ["Use letters, digits and punctuation only."]
    if record_id and not record_type:
        errors["record_type"] = ["Choose the kind of record this number belongs to."]
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        try:
            days[name] = date.fromisoformat(values[name]) if values[name] else None
            if days[name] and not 1970 <= days[name].year <= 9000:  # type: ignore[union-attr]
                raise ValueError("out of range")
        except ValueError:
            days[name] = None
            errors[name] = ["Enter a date like 2026-12-03, or pick one."]
    first, last = days.get("from"), days.get("to")
    if first and last and last < first:
        errors["to"] = ["The last day must not come before the first."]
    try:
        page = int(args.get("page", "1") or 1)
    except ValueError:
        page = 0
    if not 1 <= page <= MAX_PAGE:
        errors["page"] = [f"Pages go from 1 to {MAX_PAGE}; narrow the filters to see older entries."]
    if errors:
        return None, errors, values
    since = _start_of(first) if first else None
    until = _start_of(last + timedelta(days=1)) if last else None
    query = AuditQuery(person, record_type, record_id, since, until, limit=page * PER_PAGE)
    return Filters(query, page, values), {}, values


def _start_of(day: date) -> datetime:
    """Midnight at the clinic on `day`, as a UTC instant."""
    return datetime.combine(day, time(0), CLINIC_ZONE).astimezone(UTC)


def _params(query: AuditQuery) -> dict[str, str]:
    """The query string a service's audit endpoint reads."""
    params = {"limit": str(query.limit)}
    for name in ("actor", "target_type", "target_id"):
        if getattr(query, name):
            params[name] = getattr(query, name)
    for name in ("since", "until"):
        if getattr(query, name):
            params[name] = getattr(query, name).isoformat()
    return params


def install_audit_viewer(app: Flask, settings: GatewaySettings, session: requests.Session) -> None:
    """Serve the audit log viewer."""
    bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")
    install_no_store(bp)
    install_error_pages(bp)
    bases = {name: url.rstrip("/") for name, url in settings.upstreams.items()}

    @bp.get("")
    @staff_page("admin")
    def audit_log() -> Response:
        """Show the entries matching the filters, newest first, a page at a time."""
        staff = current_app.extensions["staff"]
        with staff.db.transaction() as db_session:
            people = {user.subject: user.email for user in staff.accounts.store.all(db_session)}
        filters, errors, values = _parse(request.args, set(people))
        entries: list[dict[str, Any]] = []
        problems: list[str] = []
        total = 0
        if filters is not None:
            query = filters.query
            urls = {name: f"{base}/api/{name}/staff/audit?{urlencode(_params(query))}" for name, base in bases.items()}
            fetched = fetch_json_all(session, urls, settings.health_timeout, forwarded_token())
            with staff.db.transaction() as db_session:
                local, local_total = read_audit(db_session, infra.audit, query)
                audit.record(
                    db_session, infra.audit, "audit.viewed", "audit_log", "filtered" if any(values.values()) else "all"
                )
            sources: dict[str, tuple[list[dict[str, Any]], int]] = {"gateway": (local, local_total)}
            for name, one in fetched.items():
                problem = unavailable(name, one)
                if problem:
                    problems.append(problem)
                else:
                    sources[name] = (list(one.body.get("items") or []), int(one.body.get("total") or 0))
            for name, (items, count) in sources.items():
                total += count
                entries += [{**item, "source": name} for item in items]
            entries.sort(key=lambda e: _instant(e.get("at")), reverse=True)
            start = (filters.page - 1) * PER_PAGE
            entries = entries[start : start + PER_PAGE]
        page = filters.page if filters else 1
        link_values = {k: v for k, v in values.items() if v}
        html = render_template(
            "admin/audit.html",
            identity=g.staff,
            entries=entries,
            problems=problems,
            errors=errors,
            values=values,
            people=sorted(people.items(), key=lambda pair: pair[1]),
            actor_words=ACTOR_WORDS,
            record_words=RECORD_WORDS,
            source_words=SOURCE_WORDS,
            who=lambda actor: people.get(actor) or ACTOR_WORDS.get(actor) or _unknown_actor(actor),
            what=words_of,
            record=lambda kind: RECORD_WORDS.get(kind) or words_of(kind),
            when=local_time,
            total=total,
            page=page,
            pages=max(1, min(MAX_PAGE, -(-total // PER_PAGE))),
            page_link=lambda n: "/admin/audit?" + urlencode({**link_values, "page": str(n)}),
        )
        return make_response(html, 422 if errors else 200)

    app.register_blueprint(bp)


def _instant(value: Any) -> datetime:
    """Order entries from different sources by their instant."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _unknown_actor(actor: str) -> str:
    """A staff subject with no account here any more, or another kind of caller."""
    if actor.startswith("staff:"):
        return "A staff account no longer on record"
    return "Another caller"
