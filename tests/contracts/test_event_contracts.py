"""Every event contract has a sender that publishes it and a receiver that handles it; the wire format holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.contracts.events import (
    EVENT_TYPES,
    InvalidEvent,
    LeadCheckoutCleared,
    LeadNewsletterOptIn,
    parse_event,
)

REPO = Path(__file__).resolve().parents[2]


def _code_of(service: str) -> str:
    """The service's Python source without its import lines."""
    lines = []
    for path in sorted((REPO / "services" / service).rglob("*.py")):
        lines += [line for line in path.read_text().splitlines() if not line.lstrip().startswith(("from ", "import "))]
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(EVENT_TYPES.values()), ids=list(EVENT_TYPES))
def test_every_event_has_a_publisher_in_its_source_service(kind):
    """The sending service names the contract outside its imports, where it builds the event."""
    assert re.search(rf"\b{kind.__name__}\b", _code_of(kind.SOURCE)), f"{kind.TYPE} is never sent by {kind.SOURCE}"


def test_every_event_has_a_receiver_in_its_target_service(service_env):
    """Each service's inbox registers a handler for exactly the contracts addressed to it."""
    from services.billing.app import create_app as billing
    from services.leads.app import create_app as leads
    from services.newsletter.app import create_app as newsletter

    apps = {"leads": leads, "billing": billing, "newsletter": newsletter}
    for name, create in apps.items():
        app = create(service_env(name, LOG_LEVEL="WARNING"))
        registered = set(app.extensions["inbox_handlers"])
        wanted = {kind for kind in EVENT_TYPES.values() if kind.TARGET == name}
        assert registered == wanted, name
        app.extensions["container"].db.dispose()


def test_an_event_round_trips_through_its_wire_data():
    """to_data and parse_event agree, lists come back as tuples."""
    sent = LeadNewsletterOptIn(lead_id="l-1", email="a@example.com", topics=("research",), consent={"at": "now"})
    assert parse_event(sent.TYPE, sent.to_data()) == sent
    assert sent.to_data()["topics"] == ["research"]


@pytest.mark.parametrize(
    "data",
    [None, [], {}, {"lead_id": "l-1"}, {"lead_id": 7, "email": "a@example.com"}, {"lead_id": "l", "email": True}],
)
def test_data_that_breaks_the_contract_is_refused_at_the_edge(data):
    """A missing field, a number for text, or a boolean for text is an InvalidEvent, not a crash later."""
    with pytest.raises(InvalidEvent):
        LeadCheckoutCleared.from_data(data)


def test_a_type_no_contract_names_parses_to_nothing():
    """An unknown type is stored and logged by the inbox, never handled."""
    assert parse_event("lead.created", {"lead_id": "l-1"}) is None
