"""The newsletter's retention rules (docs/retention.md): unconfirmed sign-ups and delivered outbox rows."""

from __future__ import annotations

from datetime import datetime

from services.kit.db_types import utcnow
from services.kit.outbox_retention import purge_delivered
from services.newsletter.context import Newsletter
from services.newsletter.privacy.requests import ANSWER_KEYS
from services.newsletter.signup.expiry import expire_pending


def retention_pass(nl: Newsletter, now: datetime | None = None) -> dict[str, int]:
    """Every newsletter retention rule once; return what each removed."""
    now = now or utcnow()
    return {
        "unconfirmed_signups": expire_pending(nl, now),
        "outbox_rows": purge_delivered(nl.db, nl.outbox, nl.settings.outbox_keep_days, now, at_once=ANSWER_KEYS),
    }


if __name__ == "__main__":
    from services.newsletter.bootstrap import build_container, parts_of

    print(retention_pass(parts_of(build_container())))
