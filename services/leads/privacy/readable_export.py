"""The export as a page a person can read: every section, label and value in words, times in Eastern time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import render_template

from services.kit.local_time import local_time
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.staff.record_labels import label

LABELS = {
    "records": "Your records",
    "waitlist": "Waiting list",
    "first_contact": "First contact",
    "assessments": "Free assessments",
    "submitted_at": "Sent",
    "result": "What the assessment found",
    "answers": "Your answers",
    "how_you_found_us": "How you found us",
    "consents": "What you agreed to",
    "what": "What",
    "given": "Agreed",
    "text_version": "Wording version",
    "ip_address": "Internet address",
    "browser": "Browser",
    "consultation_requests": "Consultation requests",
    "preferred_times": "Times you preferred",
    "booked_for": "Booked for",
    "messages": "Messages",
    "positions": "Your answers (the number of the option you chose for each question)",
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "epds": "EPDS",
    "zip": "ZIP code",
    "scores": "Scores",
    "item9": "Question 9",
    "item10": "Question 10",
    "possible_depression": "Possible depression",
    "probable_depression": "Probable depression",
    "anxiety_subscale": "Anxiety questions",
    "gclid": "Google click id",
    "fbclid": "Facebook click id",
    "utm_source": "Source",
    "utm_medium": "Medium",
    "utm_campaign": "Campaign",
    "cleared_for_membership": "Cleared for the membership",
    "amount_cents": "Amount (cents)",
    "amount_paid_cents": "Paid (cents)",
    "amount_refunded_cents": "Refunded (cents)",
    "ends_at_period_end": "Ends at the end of the period",
}
# Fields whose values are codes, worded through the staff catalogue's groups.
CODED = {"result": "outcome", "outcome": "outcome", "status": "status", "what": "channel", "about": "relationship"}
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _words(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").strip().capitalize()


def _value(key: str, value: Any) -> Any:
    """A leaf in words; lists and mappings are walked by the template."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and ISO_TIME.match(value):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and key in CODED:
        return label(page_catalogue("en"), CODED[key], value)
    return value


def worded(value: Any, key: str = "") -> Any:
    """The document with every key in words and every leaf readable, for the template."""
    if isinstance(value, Mapping):
        return {"pairs": [(_words(str(k)), worded(v, str(k))) for k, v in value.items()]}
    if isinstance(value, list):
        if all(not isinstance(v, (Mapping, list)) for v in value):
            return str(", ".join(str(_value(key, v)) for v in value) or "—")
        return {"items": [worded(v, key) for v in value]}
    return str(_value(key, value))


def readable_html(document: Mapping[str, Any]) -> str:
    """The whole export as one self-contained page."""
    sections = [(document[s]["what"], worded(document[s]["data"])) for s in ("leads", "newsletter", "billing")]
    return render_template("privacy/export_document.html", about=document["about"], sections=sections)
