"""Name staff in records: remember each signed-in subject's email, and turn stored actors into words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.leads.catalogue import Catalogue
from services.leads.tables import staff_members


def remember_signed_in_staff(session: Session) -> None:
    """Record the caller's email against their subject (when the token carries one), in the caller's transaction."""
    staff = g.get("staff") if has_request_context() else None
    if staff is None or not staff.email:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = {"subject": staff.subject[:200], "email": staff.email, "seen_at": utcnow()}
    # An upsert, since two tabs of the same person may record at once.
    session.execute(
        dialect.insert(staff_members)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["subject"], set_={"email": values["email"], "seen_at": values["seen_at"]}
        )
    )


def staff_emails(session: Session, actors: Iterable[str | None]) -> dict[str, str]:
    """The known email of each actor that is a staff subject."""
    wanted = {a for a in actors if a}
    if not wanted:
        return {}
    found = session.execute(
        select(staff_members.c.subject, staff_members.c.email).where(staff_members.c.subject.in_(wanted))
    )
    return {row.subject: row.email for row in found}


def actor_name(actor: str | None, emails: Mapping[str, str], t: Catalogue) -> str:
    """Who acted, in words: a staff member's email, or what the system part was."""
    if not actor:
        return t.t("staff_record.actors.unknown")
    if actor in emails:
        return emails[actor]
    if t.has(f"staff_record.actors.{actor}"):
        return t.t(f"staff_record.actors.{actor}")
    number = actor.removeprefix("staff:")
    if number != actor and number.isdigit():
        return t.t("staff_record.actors.staff_number", number=number)  # acted before emails were recorded
    return t.t("staff_record.actors.staff")
