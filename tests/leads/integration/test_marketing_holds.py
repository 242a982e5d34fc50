"""Marketing holds reach every address a returning person used, and clearing the flag releases each one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from services.kit.worker import RetryableJobError
from services.leads.bootstrap import LeadsParts
from services.leads.events.deferred import LeadEventJob
from services.leads.tables import infra, lead_addresses, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows
from tests.leads.integration.fakes import RecordingDeliverer

HOLD = "contact.marketing_hold"


def _lead_jobs(parts: LeadsParts, event_type: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """Queued lead-bound events as (outbox id, payload), in queue order."""
    with parts.container.db.transaction() as session:
        found = session.execute(
            select(infra.outbox.c.id, infra.outbox.c.payload)
            .where(infra.outbox.c.kind == "leads.lead_event")
            .order_by(infra.outbox.c.id)
        ).all()
    jobs = [(r.id, json.loads(r.payload)) for r in found]
    return [j for j in jobs if event_type is None or j[1]["event_type"] == event_type]


def _deliver(parts: LeadsParts, jobs: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Run the worker's handler on the jobs and return what it delivered."""
    deliverer = RecordingDeliverer()
    handler = LeadEventJob(parts.container.db, parts.cipher, deliverer)
    for _, payload in jobs:
        handler(payload)
    return deliverer.delivered


def _returning_person(submit) -> tuple[str, str, str, str]:
    """A newsletter subscriber comes back with a new email and the same phone, and is flagged.

    Returns the lead id, the earlier email, the latest email and the shared phone.
    """
    first = payloads.likely_eligible()
    second = payloads.flagged(item9=2)
    second["contact"]["phone"] = first["contact"]["phone"]
    lead_id = submit(first).get_json()["id"]
    assert submit(second).get_json()["id"] == lead_id
    return lead_id, first["contact"]["email"], second["contact"]["email"], first["contact"]["phone"]


def _clear(client, staff_headers, lead_id: str) -> None:
    answer = client.post(
        f"/api/leads/staff/leads/{lead_id}/safety/clear",
        json={"note": "Spoke with him; safe, has support."},
        headers=staff_headers("clinician", subject="dr-lee"),
    )
    assert answer.status_code == 200, answer.get_json()


def test_flag_holds_and_clearing_releases_every_address_of_the_merged_lead(client, submit, parts, staff_headers):
    """Two emails on one lead (same phone): the flag holds both, clearing releases both, never only the latest."""
    lead_id, earlier, latest, _ = _returning_person(submit)
    assert len(rows(parts, leads)) == 1
    holds = _lead_jobs(parts, HOLD)
    assert [(p["target"], p["lead_id"], p["extra"]["held"]) for _, p in holds] == [("newsletter", lead_id, True)] * 2
    assert earlier not in json.dumps([p for _, p in _lead_jobs(parts)]) and latest not in json.dumps(holds)
    delivered = _deliver(parts, holds)
    assert {(d["target"], d["event"]["type"]) for d in delivered} == {("newsletter", HOLD)}
    assert sorted((d["event"]["data"]["email"], d["event"]["data"]["held"]) for d in delivered) == sorted(
        [(earlier, True), (latest, True)]
    )
    assert all(set(d["event"]["data"]) == {"email", "held"} for d in delivered)

    _clear(client, staff_headers, lead_id)
    releases = [j for j in _lead_jobs(parts, HOLD) if j[1]["extra"]["held"] is False]
    assert [(p["target"], p["lead_id"]) for _, p in releases] == [("newsletter", lead_id)] * 2
    delivered = _deliver(parts, releases)
    assert sorted((d["event"]["data"]["email"], d["event"]["data"]["held"]) for d in delivered) == sorted(
        [(earlier, False), (latest, False)]
    )
    addresses = rows(parts, lead_addresses, lead_addresses.c.lead_id == lead_id)
    assert [(a.held, a.pending_event_id) for a in addresses] == [(False, None)] * 2
    assert rows(parts, leads)[0].marketing_hold is False


def test_a_new_flag_after_clearing_holds_every_address_again(client, submit, parts, staff_headers):
    """After a clearing, the next flagged submission (back on the first email) holds both addresses again."""
    lead_id, earlier, latest, phone = _returning_person(submit)
    _clear(client, staff_headers, lead_id)
    already = {job_id for job_id, _ in _lead_jobs(parts, HOLD)}
    third = payloads.flagged(item9=1)
    third["contact"].update(email=earlier, phone=phone)
    assert submit(third).get_json()["id"] == lead_id
    fresh = [j for j in _lead_jobs(parts, HOLD) if j[0] not in already]
    assert [p["extra"]["held"] for _, p in fresh] == [True, True]
    assert sorted(d["event"]["data"]["email"] for d in _deliver(parts, fresh)) == sorted([earlier, latest])
    assert all(a.held for a in rows(parts, lead_addresses, lead_addresses.c.lead_id == lead_id))


def test_an_opt_in_while_flagged_waits_and_goes_out_after_the_releases(client, submit, parts, staff_headers):
    """Opting in while flagged sends nothing; clearing queues the opt-in behind the releases, and it waits for them."""
    first = payloads.flagged(consent={"terms": True, "newsletter": False})
    lead_id = submit(first).get_json()["id"]
    second = payloads.likely_eligible(contact=first["contact"])
    assert submit(second).get_json()["id"] == lead_id
    lead = rows(parts, leads)[0]
    assert (lead.newsletter_opt_in, lead.newsletter_published, lead.marketing_hold) == (True, False, True)
    assert events_of(parts, "lead.newsletter_opt_in") == []

    _clear(client, staff_headers, lead_id)
    queued = [
        (p["event_type"], p["extra"].get("held"))
        for _, p in _lead_jobs(parts)
        if p["event_type"] != "lead.checkout_cleared"
    ]
    assert queued == [(HOLD, True), (HOLD, False), ("lead.newsletter_opt_in", None)]
    (opt_in,) = _lead_jobs(parts, "lead.newsletter_opt_in")
    with pytest.raises(RetryableJobError):
        _deliver(parts, [opt_in])
    release = [j for j in _lead_jobs(parts, HOLD) if j[1]["extra"]["held"] is False]
    released = [d["event"]["data"] for d in _deliver(parts, release)]
    assert released == [{"email": first["contact"]["email"], "held": False}]
    (delivered,) = _deliver(parts, [opt_in])
    assert delivered["target"] == "newsletter"
    assert (delivered["event"]["data"]["lead_id"], delivered["event"]["data"]["email"]) == (
        lead_id,
        first["contact"]["email"],
    )
    assert rows(parts, leads)[0].newsletter_published is True
