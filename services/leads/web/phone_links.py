"""Turn the phone numbers in a visitor-facing text into tap-to-call links (Jinja filter `tel_links`)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A vanity number with its digits in brackets, "1-833-TLC-MAMA (1-833-852-6262)", is one link to the digits;
# then plain US numbers; then the short emergency and crisis numbers when they stand alone as words.
_PHONE = re.compile(
    r"(?P<vanity>1-\d{3}-[A-Z]{3,4}-[A-Z]{3,4} \((?P<digits>1-\d{3}-\d{3}-\d{4})\))"
    r"|(?P<plain>\b(?:1-)?\d{3}-\d{3}-\d{4}\b)"
    r"|(?P<short>(?<![\w.-])(?:911|988)(?![\w-]))"
)


def _tel(number: str) -> str:
    return "tel:" + re.sub(r"\D", "", number)


def tel_links(text: str) -> Markup:
    """Escape `text` and wrap every phone number in it in a tel: link."""
    out, last = [], 0
    for match in _PHONE.finditer(text):
        out.append(escape(text[last : match.start()]))
        number = match.group("digits") or match.group(0)
        out.append(Markup('<a href="{}">{}</a>').format(_tel(number), match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
