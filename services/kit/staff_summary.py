"""Pieces every service's staff summary shares: the clinic's day, the dead-letter count, who sees what."""

from __future__ import annotations

from datetime import datetime, time

from flask import g

from services.kit.container import Container
from services.kit.local_time import CLINIC_ZONE


def clinic_day_start(now: datetime) -> datetime:
    """Midnight of `now`'s calendar day in Eastern time, the day the clinic's staff count by."""
    return datetime.combine(now.astimezone(CLINIC_ZONE).date(), time(0), CLINIC_ZONE)


def dead_letters(container: Container) -> int:
    """How many of this service's outbox jobs gave up and wait for a person."""
    return container.outbox.counts().get("dead", 0)


def holds(*roles: str) -> bool:
    """Tell whether the staff member of this request holds one of `roles` (admins hold every role)."""
    mine = set(g.staff.roles)
    return "admin" in mine or bool(mine & set(roles))
