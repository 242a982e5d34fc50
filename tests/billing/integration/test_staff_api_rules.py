"""The members listing and the failed-event replay check exactly the rules billing's OpenAPI document states."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import requests

from services.billing.staff.operations_api import EVENT_ID_PATTERN, MAX_REPLAY, REPLAY_NEEDS
from services.billing.staff.schemas import LEAD_ID_MESSAGE, LEAD_ID_PATTERN
from services.billing.staff.words import STATE_FILTERS
from tests.billing.harness import BillingHarness
from tests.billing.integration.test_renewals_and_dunning import _email_of
from tests.support.caddy import CADDYFILE


def _get(billing: BillingHarness, token: str, path: str, **params: Any) -> requests.Response:
    """GET from billing's staff API with a bearer token."""
    return billing.http.get(billing.url + path, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _document(billing: BillingHarness) -> dict[str, Any]:
    """Billing's OpenAPI document, as a client reads it."""
    return billing.http.get(billing.url + "/api/billing/openapi.json", timeout=10).json()  # type: ignore[no-any-return]


def _member_ids(answer: requests.Response) -> list[str]:
    """The customer ids of a members listing, failing on anything but a 200."""
    assert answer.status_code == 200, answer.text
    return [member["customer_id"] for member in answer.json()]


def test_members_without_a_filter_are_listed_newest_first_a_page_at_a_time(
    billing: BillingHarness, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """No query lists every member; limit and offset page them; state and email narrow them together."""
    first_lead, _ = billing.subscribe()
    second_lead, _ = billing.subscribe()
    first_email, first = _email_of(billing, first_lead)
    _, second = _email_of(billing, second_lead)
    clinician = staff_token("clinician")
    assert _member_ids(_get(billing, clinician, "/api/billing/members")) == [second, first]
    assert _member_ids(_get(billing, clinician, "/api/billing/members", limit=1)) == [second]
    assert _member_ids(_get(billing, clinician, "/api/billing/members", limit=1, offset=1)) == [first]
    assert _member_ids(_get(billing, clinician, "/api/billing/members", offset=2)) == []
    ended = billing.http.post(
        f"{billing.url}/api/billing/members/{first}/cancel-now",
        json={"reason": "member asked by phone"},
        headers={"Authorization": f"Bearer {staff_token('admin')}"},
        timeout=30,
    )
    assert ended.status_code == 200, ended.text
    assert _member_ids(_get(billing, clinician, "/api/billing/members", state="canceled")) == [first]
    assert _member_ids(_get(billing, clinician, "/api/billing/members", state="active")) == [second]
    assert _member_ids(_get(billing, clinician, "/api/billing/members", state="active", email=first_email)) == []
    assert _member_ids(_get(billing, clinician, "/api/billing/members", state="canceled", email=first_email)) == [first]


def test_the_members_filters_refuse_what_the_document_excludes_with_plain_words(
    billing: BillingHarness, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """The document's lead id pattern, state choices and page bounds are the ones checked, with readable messages."""
    parameters = {
        p["name"]: p["schema"] for p in _document(billing)["paths"]["/api/billing/members"]["get"]["parameters"]
    }
    assert parameters["lead_id"]["pattern"] == LEAD_ID_PATTERN
    assert parameters["state"]["enum"] == list(STATE_FILTERS)
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 200)
    clinician = staff_token("clinician")
    assert (
        _member_ids(_get(billing, clinician, "/api/billing/members", lead_id="3f2a9c1e-0b7d-4c55-9e21-5a8d2f6b7c10"))
        == []
    )
    for refused in ("3f2a", "3f2a 9c1e", "3f2a9c1e\x00", "x" * 65):
        answer = _get(billing, clinician, "/api/billing/members", lead_id=refused)
        assert answer.status_code == 422, (refused, answer.status_code)
        assert answer.json()["errors"]["query"]["lead_id"] == [LEAD_ID_MESSAGE]
    wrong_state = _get(billing, clinician, "/api/billing/members", state="sleeping")
    assert wrong_state.status_code == 422
    assert wrong_state.json()["errors"]["query"]["state"] == [
        "Please choose one of these states: active, past_due, ending, canceled."
    ]
    assert _get(billing, clinician, "/api/billing/members", limit=201).status_code == 422
    assert _get(billing, clinician, "/api/billing/members", limit=200).status_code == 200


def test_a_replay_is_refused_exactly_when_the_document_says_it_is_invalid(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Bodies the document's Replay schema refuses get a 422 naming event_ids; every body it allows is not a 422."""
    document = _document(billing)
    replay = document["components"]["schemas"]["Replay"]
    assert replay["anyOf"] == REPLAY_NEEDS
    validator = jsonschema.Draft202012Validator(replay)
    admin = {"Authorization": f"Bearer {staff_token('admin')}"}
    for body, allowed in (
        ({"reason": "retry them"}, False),
        ({"reason": "retry them", "event_ids": []}, False),
        ({"reason": "retry them", "all": False}, False),
        ({"reason": "retry them", "event_ids": [], "all": False}, False),
        ({"reason": "retry them", "all": True}, True),
        ({"reason": "retry them", "event_ids": ["evt_nothing"]}, True),
        ({"reason": "retry them", "event_ids": [], "all": True}, True),
    ):
        assert validator.is_valid(body) is allowed, body
        answer = billing.http.post(
            billing.url + "/api/billing/failed-events/replay", json=body, headers=admin, timeout=30
        )
        if allowed:
            assert answer.status_code in (200, 409), (body, answer.status_code, answer.text)
        else:
            assert answer.status_code == 422, (body, answer.status_code)
            assert answer.json()["errors"]["json"]["event_ids"] == ["Name the events to replay, or send all: true."]


def test_the_largest_replay_the_document_allows_fits_the_gateways_body_limit(
    billing: BillingHarness, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """The most ids of the longest documented form and the longest reason, JSON-escaped, fit Caddy's /api limit."""
    replay = _document(billing)["components"]["schemas"]["Replay"]["properties"]
    assert replay["event_ids"]["items"]["pattern"] == EVENT_ID_PATTERN
    assert replay["event_ids"]["maxItems"] == MAX_REPLAY
    kib = re.search(r"\{\$PUBLIC_BODY_LIMIT:(\d+)KiB\}", CADDYFILE.read_text())
    assert kib is not None
    longest_id = "evt_" + "A" * 251
    assert re.fullmatch(EVENT_ID_PATTERN, longest_id) and not re.fullmatch(EVENT_ID_PATTERN, longest_id + "A")
    # A character outside the BMP is the costliest a client can send: twelve bytes as two \\u escapes.
    body = {"event_ids": [longest_id] * MAX_REPLAY, "all": True, "reason": "\U0001f600" * replay["reason"]["maxLength"]}
    assert len(json.dumps(body).encode()) < int(kib.group(1)) * 1024
    admin = {"Authorization": f"Bearer {staff_token('admin')}"}
    url = billing.url + "/api/billing/failed-events/replay"
    assert billing.http.post(url, json=body, headers=admin, timeout=30).status_code == 200
    too_many = billing.http.post(
        url, json={**body, "event_ids": [longest_id] * (MAX_REPLAY + 1)}, headers=admin, timeout=30
    )
    assert too_many.status_code == 422
    assert too_many.json()["errors"]["json"]["event_ids"] == [
        f"Replay at most {MAX_REPLAY} events at once, or send all: true."
    ]
    not_stripes = billing.http.post(url, json={**body, "event_ids": ["evt_1", "job 7"]}, headers=admin, timeout=30)
    assert not_stripes.status_code == 422
    assert not_stripes.json()["errors"]["json"]["event_ids"] == {"1": ["Give Stripe event ids, such as evt_1NG8Du2e."]}
