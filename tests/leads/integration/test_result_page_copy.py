"""The result pages read kindly: no repeated lede, why a clinician wants to talk, tap-to-call numbers."""

from __future__ import annotations

import re

import pytest

from services.leads.assessments.result_links import mint
from services.leads.tables import submissions
from tests.leads import payloads
from tests.leads.integration.db_rows import rows

OUTCOMES = {
    "likely_eligible": payloads.likely_eligible(),
    "needs_review": payloads.body(medications="sertraline, xanax"),  # breastfeeding, a recent birth, a benzodiazepine
    "pregnant": payloads.body(perinatal={**payloads.NOT_PERINATAL, "pregnant": True}),
    "under_18": payloads.likely_eligible(date_of_birth="2012-01-01"),
    "out_of_area": payloads.likely_eligible(location={"state": "NY", "zip": "10001"}),
    "flagged": payloads.flagged(  # a new mother: the maternal hotline is listed too
        item9=2,
        perinatal={**payloads.NOT_PERINATAL, "gave_birth_within_12_months": True},
        instruments={"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 2], "epds": [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]},
    ),
}
NUMBER = re.compile(r"(?<![\w.-])(?:911|988)(?![\w-])|\d{3}-\d{3}-\d{4}")
LEDE = re.compile(r'<p class="lede">(.*?)</p>', re.S)
NEXT = re.compile(r"<h2>What happens next</h2>\s*<p>(.*?)</p>", re.S)


def _page(client, submit, name: str, parts=None):
    answer = submit(OUTCOMES[name]).get_json()
    if parts is not None:  # open the page through a freshly signed link, as the emailed one would
        submission = rows(parts, submissions, submissions.c.lead_id == answer["id"])[0]
        return client.get(f"/assessment/result/{mint(parts, answer['id'], submission.id)}")
    url = answer["result_url"]
    return client.get(url[url.index("/assessment/result/") :])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_every_phone_number_on_a_result_page_is_a_tel_link(client, submit, parts, name):
    """Outside tel: (and the safety screen's sms:) links no phone number is left in the text; never cached."""
    page = _page(client, submit, name, parts)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    outside = re.sub(r'<a [^>]*href="(?:tel|sms):[^"]+"[^>]*>.*?</a>', "", page.get_data(as_text=True), flags=re.S)
    assert NUMBER.findall(_text(outside)) == []


@pytest.mark.parametrize("name", ["likely_eligible", "needs_review", "pregnant", "under_18", "out_of_area"])
def test_what_happens_next_does_not_repeat_the_lede(client, submit, name):
    """The next step adds something: its text is not already said in the lede."""
    html = _page(client, submit, name).get_data(as_text=True)
    lede, step = _text(LEDE.search(html).group(1)), _text(NEXT.search(html).group(1))
    assert step and step not in lede
    assert not set(re.split(r"(?<=[.:])\s", step)) & set(re.split(r"(?<=[.:])\s", lede))


def test_needs_review_says_kindly_why_a_clinician_wants_to_talk(client, submit):
    """Breastfeeding, a recent birth and a medication each get a kind line; no score or diagnosis is named."""
    html = _page(client, submit, "needs_review").get_data(as_text=True)
    why = html[html.index("Why a clinician would like to talk with you first") : html.index("What happens next")]
    assert "You are breastfeeding," in why and "You had a baby in the last year." in why
    assert "You take a medicine" in why and "xanax" not in why.lower()
    assert not re.search(r"\b(PHQ|EPDS|GAD|score|depress\w*|diagnos\w*)\b", why, re.IGNORECASE)


def test_the_under_18_result_never_says_your_clinician(client, submit):
    """A minor is not the clinic's patient: the page points to their own doctor and trusted adults."""
    html = _page(client, submit, "under_18").get_data(as_text=True)
    assert "your clinician" not in html.lower() and "own doctor" in html


def test_the_support_list_links_each_line_once_in_its_own_words(client, submit):
    """Each support line's number is a tap-to-call link inside its sentence, with no repeated "Call" button."""
    html = _page(client, submit, "pregnant").get_data(as_text=True)
    support = html[html.index("Support you can reach now") :]
    for tel in ("tel:911", "tel:988", "tel:18338526262", "tel:18009444773"):
        assert f'href="{tel}"' in support, tel
    assert "Call 1-800-944-4773</a>" not in support


def test_the_under_18_next_step_leads_to_the_support_lines(client, submit):
    """ "See where to find support now" is a link to the support list on the same page."""
    html = _page(client, submit, "under_18").get_data(as_text=True)
    assert '<a href="#support">See where to find support now</a>' in html and 'id="support"' in html
