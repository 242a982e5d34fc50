"""Put confirmed subscribers straight into a test database, as a CSV import would."""

from __future__ import annotations

import uuid

from services.newsletter.context import Newsletter
from services.newsletter.subscriber_admin.importing import ImportOptions, import_rows
from services.newsletter.subscriber_domain.csv_import import AcceptedRow


def seed_confirmed(
    nl: Newsletter, count: int, *, topics: tuple[str, ...] = (), domain: str = "example.com"
) -> list[str]:
    """Create `count` confirmed subscribers with fresh addresses; return the addresses."""
    run = uuid.uuid4().hex[:8]
    emails = [f"s{i}-{run}@{domain}" for i in range(count)]
    rows = (AcceptedRow(i + 2, email, None, topics) for i, email in enumerate(emails))
    report = import_rows(nl, rows, ImportOptions("confirmed", "test-consent-v1"))
    assert report.imported == count
    return emails
