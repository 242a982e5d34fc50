"""Find the submission a result link points at; links are signed and expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.kit.db_types import utcnow
from services.leads.assessments.result_links import LinkExpired, LinkUnusable, open_link
from services.leads.bootstrap import LeadsParts
from services.leads.tables import leads, submissions


class ResultUnavailable(LookupError):
    """The link is forged, expired, or its lead was erased."""


@dataclass(frozen=True)
class ResultView:
    """What the result page needs: the lead, its state, and the submission's stored answers."""

    lead_id: str
    submission_id: str
    state: str | None
    outcome: str
    answers: dict[str, Any]
    consultation_requested: bool


def load_result(parts: LeadsParts, token: str, now: datetime | None = None) -> ResultView:
    """Open a result link; raise ResultUnavailable when it cannot be shown."""
    try:
        ref = open_link(parts, token, now or utcnow())
    except (LinkUnusable, LinkExpired) as exc:
        raise ResultUnavailable("bad or expired link") from exc
    lead_id, submission_id = ref.lead_id, ref.submission_id
    with parts.container.db.transaction() as session:
        row = session.execute(
            select(submissions.c.answers_enc, submissions.c.outcome, leads.c.state, leads.c.consultation_requested_at)
            .join(leads, leads.c.id == submissions.c.lead_id)
            .where(submissions.c.id == submission_id, submissions.c.lead_id == lead_id)
        ).first()
    if row is None or row.answers_enc is None:
        raise ResultUnavailable("erased")
    answers = parts.cipher.decrypt_json(row.answers_enc, "submissions.answers")
    return ResultView(
        lead_id, submission_id, row.state, row.outcome, answers, row.consultation_requested_at is not None
    )
