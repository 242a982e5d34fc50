"""/privacy/requests: ask for a copy of your information or its erasure, confirm by email, download the copy."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.leads.bootstrap import current_parts
from services.leads.privacy.export_download import export_zip, ready_download, take_download
from services.leads.privacy.requests import KINDS, LinkRefused, ask, confirm, waiting_request

bp = Blueprint("privacy_request_pages", __name__, url_prefix="/privacy/requests")
# The pages echo an address, and the download is the person's whole record.
install_no_store(bp)
bp.add_app_template_filter(local_time, "local_time")


def _check(form: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.get("kind") not in KINDS:
        errors["kind"] = "Please choose what you would like us to do."
    try:
        validate_email(form.get("email", ""), check_deliverability=False)
    except EmailNotValidError:
        errors["email"] = "Please enter an email address, for example name@example.com."
    return errors


def _refused() -> ResponseReturnValue:
    return render_template("privacy/link_refused.html", minutes=current_parts().settings.privacy_link_minutes), 410


@bp.get("")
def show() -> ResponseReturnValue:
    """The form: an email address and what to do."""
    return render_template("privacy/form.html", form={"kind": request.args.get("kind", "")}, errors={})


@bp.post("")
def send() -> ResponseReturnValue:
    """Record the request and email a confirmation link; the answer is the same whether the address is known."""
    form = {k: request.form.get(k, "")[:320].strip() for k in ("email", "kind")}
    errors = _check(form)
    if errors:
        return render_template("privacy/form.html", form=form, errors=errors), 422
    ask(current_parts(), form["email"], form["kind"])
    return render_template("privacy/sent.html", minutes=current_parts().settings.privacy_link_minutes), 200


@bp.get("/confirm")
def confirm_page() -> ResponseReturnValue:
    """Say what confirming will do; a link opened by a mail scanner changes nothing."""
    token = request.args.get("token", "")[:500]
    try:
        row = waiting_request(current_parts(), token)
    except LinkRefused:
        return _refused()
    return render_template("privacy/confirm.html", kind=row.kind, token=token)


@bp.post("/confirm")
def confirm_step() -> ResponseReturnValue:
    """Confirm once and start the request."""
    try:
        kind = confirm(current_parts(), request.form.get("token", "")[:500])
    except LinkRefused:
        return _refused()
    return render_template("privacy/started.html", kind=kind), 202


@bp.get("/download")
def download_page() -> ResponseReturnValue:
    """A page with the download button, so a link preview cannot use the download up."""
    token = request.args.get("token", "")[:500]
    try:
        row = ready_download(current_parts(), token)
    except LinkRefused:
        return _refused()
    return render_template("privacy/download.html", token=token, expires_at=row.download_expires_at)


@bp.post("/download")
def download() -> Any:
    """The person's whole record, once: a zip with a page to read and the same data as JSON."""
    try:
        document = take_download(current_parts(), request.form.get("token", "")[:500])
    except LinkRefused:
        return _refused()
    return Response(
        export_zip(document),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="my-information.zip"'},
    )
