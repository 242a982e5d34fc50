"""Words for the codes staff pages show: outcome, status, tier, kind, relationship, channel, history, reason."""

from __future__ import annotations

import re

from services.leads.catalogue import Catalogue
from services.leads.staff.pipeline import STATUSES

_STATUS_WORD = re.compile(r"\b(" + "|".join(sorted(STATUSES, key=len, reverse=True)) + r")\b")


def label(t: Catalogue, group: str, code: object) -> str:
    """The staff wording of `code` in `group`; a code the catalogue lacks still reads as words, never a slug."""
    if code is None or code == "":
        return t.t("staff_record.blank")
    key = f"staff_record.{group}.{code}"
    if t.has(key):
        return t.t(key)
    return str(code).replace("_", " ").replace("-", " ").strip().capitalize() or t.t("staff_record.blank")


def state_name(t: Catalogue, code: str | None) -> str:
    """A state's name ("Florida") from its postal code."""
    if not code:
        return t.t("staff_record.unknown_state")
    return t.t(f"states.{code}") if t.has(f"states.{code}") else code


def phone_display(phone: str | None) -> str:
    """A US number as "(305) 555-0123"; any other number as stored."""
    if phone and phone.startswith("+1") and len(phone) == 12 and phone[2:].isdigit():
        return f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"
    return phone or ""


def statuses_in_words(message: str, t: Catalogue) -> str:
    """A pipeline refusal with each status code replaced by its words ("cannot move from New to Member")."""
    return _STATUS_WORD.sub(lambda found: f"“{label(t, 'status', found.group(1))}”", message)
