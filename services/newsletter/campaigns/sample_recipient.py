"""The subscriber whose values a preview or test copy shows: the first one the campaign would reach."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.newsletter.campaigns.domain.audience import Audience
from services.newsletter.sending.audience import eligible_sql

# Shown when the audience is still empty, so a preview still shows every merge field filled.
EXAMPLE = {"first_name": "Alex", "email": "alex@example.com"}


@dataclass(frozen=True)
class SampleRecipient:
    """Whose values fill the merge fields, and whether they are a real subscriber or the example."""

    values: dict[str, str | None]
    is_example: bool

    @property
    def described(self) -> str:
        """Say whose values these are, in words for the marketer."""
        if self.is_example:
            return "an example subscriber (nobody in this audience yet)"
        name = self.values.get("first_name")
        return f"{name} <{self.values['email']}>" if name else f"{self.values['email']} (no first name)"


def sample_recipient(session: Session, audience: str) -> SampleRecipient:
    """Return the first subscriber of the audience who gave a first name, else the first one, else the example."""
    sql, params = eligible_sql(Audience(audience))
    row = session.execute(
        text(
            "SELECT s.first_name, s.email "
            + sql
            + " ORDER BY CASE WHEN s.first_name IS NULL OR s.first_name = '' THEN 1 ELSE 0 END, s.id LIMIT 1"
        ),
        params,
    ).first()
    if row is None:
        return SampleRecipient(dict(EXAMPLE), is_example=True)
    return SampleRecipient({"first_name": row.first_name, "email": row.email}, is_example=False)
