"""What a stored submission sets in motion: the events other services act on, planned in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.leads.assessments.domain import AssessmentOutcome
from services.leads.assessments.next_step_mail import may_email, next_step_row
from services.leads.catalogue import Catalogue
from services.leads.checkout.clearance import clearance_for
from services.leads.events import outgoing
from services.leads.events.outbox_rows import event_row, lead_event_row
from services.leads.tables import leads


@dataclass
class FollowUp:
    """Outbox rows to write and lead columns to set, decided before the lead row is written."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    lead_values: dict[str, Any] = field(default_factory=dict)


def newsletter_consent(ip: str, user_agent: str, now: datetime) -> dict[str, Any]:
    """The consent record the newsletter keeps for double opt-in."""
    return {
        "text_version": Catalogue.load("en").t("consent.newsletter.version"),
        "at": now.isoformat(),
        "ip": ip,
        "user_agent": user_agent[:400],
    }


def plan_follow_up(
    lead_id: str,
    lead: dict[str, Any],
    payload: dict[str, Any],
    ip: str,
    user_agent: str,
    result: AssessmentOutcome,
    *,
    new_lead: bool,
    spam: bool,
    now: datetime,
    submission_id: str | None = None,
) -> FollowUp:
    """lead.created, the newsletter opt-in, checkout clearance and the next-step email, as they apply.

    Marketing holds are planned in safety.marketing_holds.
    """
    plan = FollowUp()
    if new_lead and not spam:
        touch = payload["attribution"]
        plan.rows.append(
            event_row(
                "newsletter",
                "lead.created",
                {
                    "lead_id": lead_id,
                    "state": result.location.state,
                    "created_at": now.isoformat(),
                    "utm_source": touch.get("utm_source", ""),
                    "utm_campaign": touch.get("utm_campaign", ""),
                },
                now,
            )
        )
    minor = "under_18" in result.eligibility.reasons
    if payload["consent"]["newsletter"] and not (
        lead["newsletter_published"] or lead["marketing_hold"] or spam or minor
    ):
        plan.rows.append(
            lead_event_row(
                "newsletter",
                "lead.newsletter_opt_in",
                lead_id,
                {"topics": [], "consent": newsletter_consent(ip, user_agent, now)},
                now,
            )
        )
        plan.lead_values["newsletter_published"] = True
    wanted = clearance_for(SimpleNamespace(**lead))
    if wanted != lead["checkout_cleared_by"]:
        if wanted is None:
            plan.rows.append(event_row("billing", "lead.checkout_revoked", {"lead_id": lead_id}, now))
        else:
            plan.rows.append(
                lead_event_row(
                    "billing", "lead.checkout_cleared", lead_id, {"state": lead["state"], "cleared_by": wanted}, now
                )
            )
        plan.lead_values["checkout_cleared_by"] = wanted
    if submission_id and may_email(SimpleNamespace(**lead), minor):
        plan.rows.append(next_step_row(lead_id, submission_id, now))
    return plan


def publish_newsletter_opt_in(session: Session, lead_id: str, ip: str, user_agent: str, now: datetime) -> None:
    """Start the newsletter's double opt-in with the consent record, once per lead (outside the hot path)."""
    outgoing.newsletter_opt_in(session, lead_id, newsletter_consent(ip, user_agent, now))
    session.execute(update(leads).where(leads.c.id == lead_id).values(newsletter_published=True))
