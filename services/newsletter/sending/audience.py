"""Start a campaign: render it once and freeze its audience into recipient rows and batches."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, text, update
from sqlalchemy.orm import Session

from services.kit.db_types import UTCDateTime, utcnow
from services.newsletter.campaigns.domain.audience import Audience
from services.newsletter.campaigns.domain.rendering import render_campaign
from services.newsletter.campaigns.domain.states import transition
from services.newsletter.context import Newsletter
from services.newsletter.sending.footer import campaign_footer
from services.newsletter.tables import campaigns

# Confirmed, not paused, not held, not suppressed; for a topic, those who chose it or chose nothing
# (no topics means "everything you send").
_ELIGIBLE = """
FROM subscribers s
WHERE s.status = 'confirmed' AND s.paused = :false
  AND NOT EXISTS (SELECT 1 FROM marketing_holds h WHERE h.email_hash = s.email_hash)
  AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email_hash = s.email_hash)
"""
_TOPIC = """
  AND (EXISTS (SELECT 1 FROM subscriber_topics t WHERE t.subscriber_id = s.id AND t.topic = :topic)
       OR NOT EXISTS (SELECT 1 FROM subscriber_topics t2 WHERE t2.subscriber_id = s.id))
"""
_FREEZE = """
INSERT INTO campaign_recipients (campaign_id, batch_no, subscriber_id, email, email_hash, state, updated_at)
SELECT :campaign_id, (ROW_NUMBER() OVER (ORDER BY s.id) - 1) / :size, s.id, s.email, s.email_hash, 'pending', :now
"""
_BATCHES = """
INSERT INTO campaign_batches (campaign_id, batch_no, state, size, attempts, uncertain, available_at)
SELECT :campaign_id, batch_no, 'pending', COUNT(*), 0, :false, :now
FROM campaign_recipients WHERE campaign_id = :campaign_id GROUP BY batch_no
"""


def eligible_sql(audience: Audience) -> tuple[str, dict[str, Any]]:
    """Return the FROM/WHERE clause (alias ``s``) of who an audience reaches now, with its parameters."""
    topic = audience.topic
    params: dict[str, Any] = {"false": False, **({"topic": topic} if topic else {})}
    return _ELIGIBLE + (_TOPIC if topic else ""), params


def count_audience(session: Session, audience: str) -> int:
    """Count who would receive a campaign sent to `audience` now."""
    sql, params = eligible_sql(Audience(audience))
    return int(session.execute(text("SELECT COUNT(*) " + sql), params).scalar() or 0)


def start_campaign(session: Session, nl: Newsletter, campaign_id: int) -> int:
    """Move a draft or scheduled campaign to sending with its audience frozen; return the total.

    The caller's transaction holds the campaign row, so two starters never both freeze it.
    """
    row = session.execute(select(campaigns).where(campaigns.c.id == campaign_id).with_for_update()).first()
    if row is None:
        raise LookupError(campaign_id)
    state = row.state
    if state == "draft":
        state = transition(state, "schedule")
    new_state = transition(state, "start")
    rendered = render_campaign(row.markdown, row.subject, row.preheader, row.slug, campaign_footer(nl.settings))
    topic = Audience(row.audience).topic
    now = utcnow()
    params: dict[str, Any] = {
        "campaign_id": campaign_id,
        "size": max(1, min(nl.settings.batch_size, 1000)),
        "false": False,
        "now": now,
        **({"topic": topic} if topic else {}),
    }
    freeze = text(_FREEZE + _ELIGIBLE + (_TOPIC if topic else "")).bindparams(bindparam("now", type_=UTCDateTime))
    total = int(cast(CursorResult[Any], session.execute(freeze, params)).rowcount or 0)
    batches = text(_BATCHES).bindparams(bindparam("now", type_=UTCDateTime))
    session.execute(batches, {"campaign_id": campaign_id, "false": False, "now": now})
    finished = {"state": "sent", "finished_at": now} if total == 0 else {"state": new_state.value}
    session.execute(
        update(campaigns)
        .where(campaigns.c.id == campaign_id)
        .values(
            html=rendered.html,
            text=rendered.text,
            # The stored subject stays as written; the engine derives the sending subject from it.
            subject=row.subject.strip(),
            total=total,
            started_at=now,
            updated_at=now,
            **finished,
        )
    )
    return total
