"""A real Chromium walks from the landing page's footer to the legal pages, /about and /faq."""

from __future__ import annotations

import json

import pytest

from tests.support.browser import origins
from tests.support.servers import ThreadServer

pytestmark = pytest.mark.browser


def test_a_visitor_reaches_every_document_from_the_footer_and_reads_the_faq(browser, gateway: ThreadServer) -> None:  # type: ignore[no-untyped-def]
    """Each footer link opens its page in the layout; the FAQ's index jumps to its answer; nothing leaves our origin."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(gateway.url + "/")
    footer = page.locator("footer .footer-links a")
    labels = footer.all_inner_texts()
    assert labels[:3] == ["About us", "Questions and answers", "Articles"] and "Privacy Policy" in labels
    assert len(labels) == 11
    # The privacy request form is the leads service's page; tests/e2e/test_privacy_requests.py walks it.
    for label in (label for label in labels if label != "Your information: a copy or erasure"):
        page.goto(gateway.url + "/")
        page.locator("footer .footer-links").get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1 and page.locator("footer.site-footer").is_visible(), label

    page.goto(gateway.url + "/faq")
    page.get_by_role("link", name="Can I cancel? Will I get a refund?").click()
    assert page.url.endswith("/faq#refunds")
    assert page.get_by_role("heading", name="Can I cancel? Will I get a refund?").is_visible()
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert [json.loads(block)["@type"] for block in blocks] == ["FAQPage", "MedicalClinic"]
    page.screenshot(path="/tmp/legal-faq-refunds-phone.png")
    context.close()
    assert origins(seen) == {gateway.url}
