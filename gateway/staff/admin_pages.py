"""/admin/staff: administrators list staff, invite, change roles, disable or enable, reset authenticators."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request
from marshmallow import ValidationError, fields, validate
from werkzeug.wrappers import Response

from gateway.staff.administration import Refused, StaffAdministration
from gateway.staff.bootstrap import Staff
from gateway.staff.invite_mail import ROLE_WORDS
from gateway.staff.tables import infra
from gateway.staff.users import StaffUser
from services.kit import audit
from services.kit.db_types import utcnow
from services.kit.local_time import local_time
from services.kit.no_store import install_no_store
from services.kit.staff_auth import ROLES, current_identity
from services.kit.staff_pages import install_error_pages, staff_page

bp = Blueprint("staff_admin", __name__, url_prefix="/admin/staff")
install_no_store(bp)  # staff addresses and account states
install_error_pages(bp)

MAX_REASON = 500
DONE = {
    "invited": "Invitation sent. The link in it works once, for 72 hours.",
    "roles": "Roles changed.",
    "disabled": "Account disabled: it cannot sign in (a sign-in already open ends within minutes).",
    "enabled": "Account enabled: it can sign in again.",
    "totp": "Authenticator reset: the next sign-in sets up a new one.",
    "link": "A new set-up link was emailed. The old password and any earlier link no longer work.",
}


@bp.before_request
def _account_still_allows() -> None:
    """A token outlives a change to its account: a disabled or demoted admin stops here at once."""
    identity = current_identity()
    if identity is None or "admin" not in identity.roles:
        return  # the page's own guard sends to sign-in or refuses
    subject = identity.subject
    user_id = int(subject[6:]) if subject.startswith("staff:") and subject[6:].isdigit() else None
    with _staff().db.transaction() as session:
        user = _staff().accounts.store.by_id(session, user_id) if user_id is not None else None
    if user is None or not user.active or not user.is_admin:
        abort(403, "Your account no longer allows this. Sign in again, or ask another administrator.")


def _staff() -> Staff:
    """The staff machinery installed on the app."""
    return current_app.extensions["staff"]  # type: ignore[no-any-return]


def _admin() -> StaffAdministration:
    """The staff administration."""
    return _staff().admin


def _actor_id() -> int | None:
    """The signed-in administrator's account number."""
    subject = g.staff.subject
    return int(subject.removeprefix("staff:")) if subject.startswith("staff:") and subject[6:].isdigit() else None


def totp_words(user: StaffUser) -> str:
    """The state of a person's authenticator app, in words."""
    if user.enrolment_due:
        return "Sets one up at the next sign-in" if user.last_login_at else "Invited: not set up yet"
    return "Set up" if user.totp_secret else "Not set up"


def account_words(user: StaffUser) -> str:
    """Whether the account can sign in, in words (a lock-out after failed sign-ins included)."""
    if not user.active:
        return "Disabled"
    if user.is_locked(utcnow()):
        return f"Locked after failed sign-ins until {local_time(user.locked_until)}"
    return "Enabled"


def role_words(roles: tuple[str, ...]) -> str:
    """Roles as people say them."""
    return ", ".join(ROLE_WORDS.get(role, role) for role in roles).capitalize()


def _reason(errors: dict[str, list[str]]) -> str:
    """The form's reason, checked; a problem is added to `errors`."""
    reason = request.form.get("reason", "").strip()
    if len(reason.replace(" ", "")) < 3:
        errors["reason"] = ["Say why, in a few words (it is kept in the audit log)."]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [f"Keep the reason under {MAX_REASON} characters."]
    elif not reason.isprintable():
        errors["reason"] = ["Use letters, digits and punctuation only."]
    return reason


def _render(template: str, status: int = 200, **context: Any) -> Response:
    """Render an admin page with what every one of them uses."""
    context.setdefault("errors", {})
    html = render_template(
        template,
        identity=g.staff,
        role_names=ROLES,
        role_label=lambda role: str(ROLE_WORDS.get(role, role)).capitalize(),
        role_words=role_words,
        totp_words=totp_words,
        account_words=account_words,
        when=local_time,
        **context,
    )
    return make_response(html, status)


def _list_page(status: int = 200, **context: Any) -> Response:
    """The list of staff with the invitation form."""
    staff = _staff()
    with staff.db.transaction() as session:
        users = staff.accounts.store.all(session)
        audit.record(session, infra.audit, "staff.users_listed", "staff_user", "all")
    context.setdefault("form", {"email": "", "roles": [], "reason": ""})
    return _render("admin/staff_list.html", status, users=users, done=DONE.get(request.args.get("done", "")), **context)


@bp.get("")
@staff_page("admin")
def staff_list() -> Response:
    """List every staff account and offer the invitation form."""
    return _list_page()


@bp.post("/invite")
@staff_page("admin")
def invite() -> Response:
    """Invite a person by email with the roles chosen."""
    errors: dict[str, list[str]] = {}
    raw_email = request.form.get("email", "").strip()
    roles = [role for role in request.form.getlist("roles") if role][:10]
    try:
        email = fields.Email(validate=validate.Length(max=254)).deserialize(raw_email)
    except ValidationError:
        errors["email"] = ["Enter a whole email address of at most 254 characters, for example name@clinic.example."]
    raw_email = raw_email[:254]
    if not roles:
        errors["roles"] = ["Choose at least one role."]
    reason = _reason(errors)
    form = {"email": raw_email, "roles": roles, "reason": reason}
    if not errors:
        try:
            _admin().invite(email, roles, reason)
        except Refused as exc:
            errors[exc.field] = [str(exc)]
        else:
            return redirect("/admin/staff?done=invited", 303)
    return _list_page(422, errors=errors, form=form)


def _person(user_id: int) -> StaffUser:
    """Load one account, audited as read; 404 when there is none."""
    staff = _staff()
    with staff.db.transaction() as session:
        user = staff.accounts.store.by_id(session, user_id)
        if user is not None:
            audit.record(session, infra.audit, "staff.user_viewed", "staff_user", str(user_id))
    if user is None:
        abort(404, "There is no staff account with this number.")
    return user


def _person_page(user_id: int, status: int = 200, **context: Any) -> Response:
    """One person's account with its actions."""
    user = _person(user_id)
    return _render(
        "admin/staff_person.html",
        status,
        user=user,
        is_self=user.id == _actor_id(),
        done=DONE.get(request.args.get("done", "")),
        **context,
    )


@bp.get("/<int(min=1, max=9223372036854775807):user_id>")
@staff_page("admin")
def person(user_id: int) -> Response:
    """Show one account and what can be changed."""
    return _person_page(user_id)


def _act(user_id: int, action: str) -> Response:
    """Run one change that needs a reason; answer the person's page with field errors when refused."""
    errors: dict[str, list[str]] = {}
    reason = _reason(errors)
    roles = [role for role in request.form.getlist("roles") if role][:10]
    if action == "roles" and not roles:
        errors["roles"] = ["Choose at least one role."]
    if not errors:
        admin = _admin()
        try:
            if action == "roles":
                admin.change_roles(user_id, roles, reason)
            elif action == "link":
                admin.send_new_link(user_id, reason)
            elif action in ("disabled", "enabled"):
                admin.set_active(_actor_id(), user_id, action == "enabled", reason)
            else:
                admin.reset_totp(user_id, reason)
        except Refused as exc:
            if exc.field == "user":
                abort(404, str(exc))
            errors[exc.field] = [str(exc)]
        else:
            return redirect(f"/admin/staff/{user_id}?done={action}", 303)
    return _person_page(user_id, 422, errors=errors, form_action=action, form={"reason": reason, "roles": roles})


@bp.post("/<int(min=1, max=9223372036854775807):user_id>/roles")
@staff_page("admin")
def change_roles(user_id: int) -> Response:
    """Change a person's roles."""
    return _act(user_id, "roles")


@bp.post("/<int(min=1, max=9223372036854775807):user_id>/disable")
@staff_page("admin")
def disable(user_id: int) -> Response:
    """Stop a person signing in."""
    return _act(user_id, "disabled")


@bp.post("/<int(min=1, max=9223372036854775807):user_id>/enable")
@staff_page("admin")
def enable(user_id: int) -> Response:
    """Let a disabled person sign in again."""
    return _act(user_id, "enabled")


@bp.post("/<int(min=1, max=9223372036854775807):user_id>/reset-totp")
@staff_page("admin")
def reset_totp(user_id: int) -> Response:
    """Make a person set up a new authenticator app at their next sign-in."""
    return _act(user_id, "totp")


@bp.post("/<int(min=1, max=9223372036854775807):user_id>/send-link")
@staff_page("admin")
def send_link(user_id: int) -> Response:
    """Email a fresh set-up link, for a lost invitation or a forgotten password."""
    return _act(user_id, "link")
