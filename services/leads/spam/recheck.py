"""Apply today's spam rule to leads marked under an older one: `python -m services.leads.spam.recheck`.

Before the rule needed two signals, one busy network address was enough to hold a person. A lead still marked
only because of such a lone signal is released here, as if it had never been marked; a staff member's own
verdict is never touched.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from sqlalchemy import insert, select, update

from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts, build_container, parts_of
from services.leads.checkout.clearance import sync_checkout
from services.leads.spam.release import release_held
from services.leads.spam.verdict import is_spam
from services.leads.tables import lead_history, leads, submissions

ACTOR = "spam rule"
LIFTED = "spam_mark_lifted"


def _marked_by_old_rule(parts: LeadsParts) -> list[str]:
    with parts.container.db.transaction() as session:
        return list(
            session.execute(
                select(leads.c.id).where(
                    leads.c.spam_suspected.is_(True), leads.c.spam_verdict.is_(None), leads.c.erased_at.is_(None)
                )
            ).scalars()
        )


def lift_outdated_marks(parts: LeadsParts, now: datetime | None = None) -> int:
    """Release every automatically marked lead none of whose submissions is spam by today's rule; return how many."""
    now = now or utcnow()
    lifted = 0
    for lead_id in _marked_by_old_rule(parts):
        with parts.container.db.transaction() as session:
            lead = session.execute(select(leads).where(leads.c.id == lead_id).with_for_update()).first()
            if lead is None or not lead.spam_suspected or lead.spam_verdict is not None:
                continue  # a staff member decided meanwhile
            signals = session.execute(select(submissions.c.spam_reasons).where(submissions.c.lead_id == lead_id))
            if any(is_spam((reasons or "").split(",")) for (reasons,) in signals):
                continue
            session.execute(update(leads).where(leads.c.id == lead_id).values(spam_suspected=False, updated_at=now))
            session.execute(insert(lead_history).values(lead_id=lead_id, at=now, actor=ACTOR, kind=LIFTED))
            release_held(parts, session, lead, now)
            sync_checkout(session, lead_id)
            lifted += 1
    return lifted


def main(argv: list[str] | None = None) -> None:
    """Run the recheck once against the configured database and say how many people were released."""
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    container = build_container()
    try:
        print(f"leads released from an outdated spam mark: {lift_outdated_marks(parts_of(container))}")
    finally:
        container.db.dispose()


if __name__ == "__main__":
    main()
