"""Stripe webhook signatures: raw body, tolerance, rotation."""

from __future__ import annotations

import json

import pytest
import stripe

from services.billing.webhooks.signature import SignatureError, sign, verify
from services.billing.webhooks.translate import MalformedEvent, read_event

BODY = b'{"id": "evt_1", "object": "event", "type": "invoice.paid", "created": 1, "data": {"object": {"id": "in_1"}}}'
NOW = 1_800_000_000


def test_our_signature_is_the_one_stripes_library_accepts() -> None:
    """A header we build verifies with the official library, so the format is Stripe's."""
    header = sign(BODY, "whsec_a", NOW)
    assert stripe.WebhookSignature.verify_header(BODY.decode(), header, "whsec_a", tolerance=10**10)
    assert verify(BODY, header, ["whsec_a"], now=NOW) == NOW


def test_any_current_secret_verifies_and_others_do_not() -> None:
    """During rotation both secrets work; a third does not."""
    for secret in ("whsec_old", "whsec_new"):
        verify(BODY, sign(BODY, secret, NOW), ["whsec_new", "whsec_old"], now=NOW)
    with pytest.raises(SignatureError):
        verify(BODY, sign(BODY, "whsec_other", NOW), ["whsec_new", "whsec_old"], now=NOW)


@pytest.mark.parametrize("offset, ok", [(0, True), (300, True), (-300, True), (301, False), (-301, False)])
def test_the_tolerance_is_300_seconds_either_way(offset: int, ok: bool) -> None:
    """Timestamps more than 300 s from now are refused."""
    header = sign(BODY, "whsec_a", NOW + offset)
    if ok:
        verify(BODY, header, ["whsec_a"], now=NOW)
    else:
        with pytest.raises(SignatureError):
            verify(BODY, header, ["whsec_a"], now=NOW)


def test_a_changed_byte_or_a_garbled_header_is_refused() -> None:
    """The signature covers the raw body exactly."""
    header = sign(BODY, "whsec_a", NOW)
    for body, head in ((BODY + b" ", header), (BODY, None), (BODY, ""), (BODY, "t=x,v1=y"), (BODY, f"t={NOW}")):
        with pytest.raises(SignatureError):
            verify(body, head, ["whsec_a"], now=NOW)
    with pytest.raises(ValueError):
        verify(BODY, header, ["whsec_a"], tolerance=0, now=NOW)


def test_an_event_is_read_down_to_its_id_type_and_object_id() -> None:
    """Only what processing needs is read; anything not an event is refused."""
    event = read_event(BODY)
    assert (event.id, event.type, event.object_id, event.created) == ("evt_1", "invoice.paid", "in_1", 1)
    for junk in (b"[]", b"{", json.dumps({"object": "event", "id": 5}).encode()):
        with pytest.raises(MalformedEvent):
            read_event(junk)
