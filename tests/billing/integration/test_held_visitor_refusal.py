"""A visitor billing may not sell to yet reads a kind promise, never internal words."""

from __future__ import annotations

import re

from tests.billing.harness import BillingHarness

INTERNAL = re.compile(r"\b(lead|leads|cleared|not_cleared|none|slug|revoked)\b", re.IGNORECASE)


def _visible(html: str) -> str:
    """The page's text as a person reads it: tags and attributes removed."""
    return re.sub(r"<[^>]+>", " ", html)


def test_a_held_visitor_is_told_the_team_will_be_in_touch_without_internal_words(billing: BillingHarness) -> None:
    """Revoked (held as spam, say) and unknown visitors read the same promise on the page and in the API."""
    held = billing.clear_lead(state="NJ")
    billing.send_event("lead.checkout_revoked", {"lead_id": held})
    for lead_id in (held, "someone-we-never-heard-of"):
        page = billing.http.get(billing.url + "/membership", params={"lead": lead_id}, timeout=10)
        text = _visible(page.text)
        assert "check a few details and be in touch within one business day" in text
        assert INTERNAL.findall(text) == [] and 'id="checkout"' not in page.text
        api = billing.checkout(lead_id).json()
        assert api["errors"]["reason"] == "not_cleared"  # the machine code stays for scripts
        assert INTERNAL.findall(api["message"]) == [] and "within one business day" in api["message"]
