"""CSV export of leads for clinicians and admins: contact and pipeline, never answers or scores."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from services.leads.bootstrap import LeadsParts
from services.leads.tables import leads

COLUMNS = (
    "id",
    "created_at",
    "kind",
    "status",
    "outcome",
    "state",
    "first_name",
    "last_name",
    "email",
    "phone",
    "safety_status",
    "first_source",
    "first_campaign",
    "last_source",
    "last_campaign",
    "consultation_requested_at",
    "converted_at",
    "spam_suspected",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(parts: LeadsParts) -> tuple[str, int]:
    """The CSV text of every live lead and how many rows it holds."""
    cipher = parts.cipher
    with parts.container.db.transaction() as session:
        found = session.execute(select(leads).where(leads.c.erased_at.is_(None)).order_by(leads.c.created_at)).all()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in found:
        name = cipher.decrypt_json(row.name_enc, "leads.name") if row.name_enc else {}
        values = {
            **row._mapping,
            **name,
            "email": cipher.decrypt_optional(row.email_enc, "leads.email"),
            "phone": cipher.decrypt_optional(row.phone_enc, "leads.phone"),
        }
        writer.writerow([_cell(values.get(column)) for column in COLUMNS])
    return out.getvalue(), len(found)
