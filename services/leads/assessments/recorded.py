"""Plain values passed between the assessment's web edge and its recording."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.leads.spam.screening import SpamSignals


@dataclass(frozen=True)
class RequestMeta:
    """What the request says about the visitor besides the body."""

    ip: str = ""
    user_agent: str = ""
    idempotency_key: str | None = None
    signals: SpamSignals = field(default_factory=SpamSignals)


@dataclass(frozen=True)
class Recorded:
    """The stored lead, the visitor's answer, and whether it replays an earlier request."""

    lead_id: str
    submission_id: str
    answer: dict[str, Any]
    replayed: bool = False
