"""Every phone number in a visitor-facing text becomes a tap-to-call link."""

import re

from services.leads.catalogue.page_texts import page_catalogue
from services.leads.web.phone_links import tel_links

NUMBER = re.compile(r"(?<![\w.-])(?:911|988)(?![\w-])|\d{3}-\d{3}-\d{4}")


def test_vanity_plain_and_short_numbers_are_linked_and_the_rest_escaped():
    """The vanity number links to its digits, a website name is left alone, and markup is escaped."""
    html = str(tel_links("Call or text 1-833-TLC-MAMA (1-833-852-6262), or 988; chat at 988lifeline.org <b>"))
    assert '<a href="tel:18338526262">1-833-TLC-MAMA (1-833-852-6262)</a>' in html
    assert '<a href="tel:988">988</a>;' in html and "988lifeline.org" in html and "&lt;b&gt;" in html
    assert str(tel_links("Call 1-800-944-4773 now")) == 'Call <a href="tel:18009444773">1-800-944-4773</a> now'


def test_no_catalogue_text_leaves_a_phone_number_unlinked():
    """Each number in every page text ends up inside a tel: link once the filter has run."""
    for key, text in page_catalogue("en").texts.items():
        if key.endswith(".phone"):
            continue  # bare numbers that templates put inside tel: links themselves
        outside = re.sub(r"<a href=\"tel:[^\"]+\">.*?</a>", "", str(tel_links(text)))
        assert not NUMBER.search(outside), key
