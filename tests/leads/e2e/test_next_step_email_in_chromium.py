"""End to end with real workers: the next-step email arrives, its link opens in Chromium, a new link can be asked."""

from __future__ import annotations

import re

import requests

from tests.leads import payloads
from tests.leads.integration.next_step_helpers import HEALTH
from tests.support.browser import chromium
from tests.support.waiting import wait_until

PHONE = {"width": 390, "height": 844}


def _next_step_mail(system, email: str, marker: str) -> dict:
    found = wait_until(
        lambda: [m for m in system.mail(to=email) if "next step" in m["subject"] and marker in m["text"]], timeout=30
    )
    return found[0]


def test_the_next_step_email_leads_back_to_the_result_and_a_new_link_can_be_asked(system):
    """A visitor told needs_review is emailed; the link opens her page; an expired link's form sends a fresh one."""
    payload = payloads.body()  # breastfeeding and a recent birth: a clinician wants to talk first
    email = payload["contact"]["email"]
    answer = requests.post(system.url + "/api/leads/assessments", json=payload, timeout=10)
    assert answer.status_code == 201 and answer.json()["outcome"] == "needs_review"
    first = _next_step_mail(system, email, "Here is what happens next")
    assert HEALTH.findall(first["subject"] + first["text"] + first["html"]) == []
    link = re.search(r"https?://\S+/assessment/result/[\w.\-]+", first["text"]).group(0)
    path = link[link.index("/assessment/result/") :]
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.set_content(first["html"])
        page.screenshot(path="/tmp/next-step-email.png", full_page=True)
        page.goto(system.url + path)
        assert page.is_visible("text=Why a clinician would like to talk with you first")
        assert page.is_visible("text=You are breastfeeding,")
        page.screenshot(path="/tmp/next-step-result-needs-review.png", full_page=True)
        page.goto(system.url + "/assessment/result/an-old-link")
        assert page.is_visible("text=This link has expired")
        page.screenshot(path="/tmp/next-step-expired.png", full_page=True)
        page.click("button[type=submit]")
        assert page.is_visible("text=Please enter an email address")
        page.fill("#email", email)
        page.click("button[type=submit]")
        assert page.is_visible("text=If we have your address, a new link is on its way.")
        page.screenshot(path="/tmp/next-step-link-sent.png", full_page=True)
    fresh = _next_step_mail(system, email, "You asked for a new link")
    assert HEALTH.findall(fresh["subject"] + fresh["text"] + fresh["html"]) == []
