"""Audit records for staff reads and changes, each in its own small transaction."""

from __future__ import annotations

from services.kit import audit
from services.leads.bootstrap import LeadsParts
from services.leads.staff.staff_names import remember_signed_in_staff
from services.leads.tables import infra


def audit_event(parts: LeadsParts, action: str, target_type: str, target_id: str, reason: str | None = None) -> None:
    """Record who did what to which record, and why (never the data itself)."""
    with parts.container.db.transaction() as session:
        audit.record(session, infra.audit, action, target_type, target_id, (reason or "")[:500] or None)
        remember_signed_in_staff(session)  # every staff read and change passes here, so each actor gets a name
