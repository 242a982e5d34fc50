"""The export's download: one file with every service's part, given once and then deleted."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from services.kit.db_types import utcnow
from services.kit.local_time import local_date
from services.leads.bootstrap import LeadsParts
from services.leads.privacy.readable_export import readable_html
from services.leads.privacy.requests import PART_CONTEXT, LinkRefused, nonce_of
from services.leads.tables import privacy_export_parts, privacy_requests

SECTIONS = {
    "leads": "Free assessment, consultations, messages and waiting list",
    "newsletter": "Stay Informed newsletter",
    "billing": "Membership and billing",
}


def ready_download(parts: LeadsParts, token: str, now: datetime | None = None) -> Any:
    """The finished export a download link names, without using the link up."""
    nonce = nonce_of(parts, token, "download")
    with parts.container.db.transaction() as session:
        row = session.execute(select(privacy_requests).where(privacy_requests.c.download_nonce == nonce)).first()
    if row is None or row.downloaded_at is not None or row.download_expires_at <= (now or utcnow()):
        raise LinkRefused("used or expired")
    return row


def take_download(parts: LeadsParts, token: str, now: datetime | None = None) -> dict[str, Any]:
    """Spend the download link once; return the document and delete the parts it was made of."""
    nonce = nonce_of(parts, token, "download")
    now = now or utcnow()
    with parts.container.db.transaction() as session:
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(privacy_requests)
                .where(
                    privacy_requests.c.download_nonce == nonce,
                    privacy_requests.c.downloaded_at.is_(None),
                    privacy_requests.c.download_expires_at > now,
                )
                .values(downloaded_at=now)
            ),
        ).rowcount
        if claimed != 1:
            raise LinkRefused("used or expired")
        row = session.execute(select(privacy_requests).where(privacy_requests.c.download_nonce == nonce)).one()
        found = {
            p.service: parts.cipher.decrypt_json(p.data_enc, PART_CONTEXT)
            for p in session.execute(select(privacy_export_parts).where(privacy_export_parts.c.request_id == row.id))
        }
        session.execute(delete(privacy_export_parts).where(privacy_export_parts.c.request_id == row.id))
    return {
        "about": f"Everything {parts.settings.clinic_name} holds about you, as you asked on "
        f"{local_date(row.created_at)}.",
        "made_at": now.isoformat(),
        **{service: {"what": title, "data": found.get(service, {})} for service, title in SECTIONS.items()},
    }


def export_zip(document: dict[str, Any]) -> bytes:
    """The download: my-information.html to read and my-information.json for other programs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-information.html", readable_html(document))
        archive.writestr("my-information.json", json.dumps(document, indent=2, ensure_ascii=False, default=str))
    return buffer.getvalue()
