"""Walk the hosted assessment with a Flask test client, as a browser without JavaScript would."""

from __future__ import annotations

import re
from typing import Any

STEP = re.compile(r'name="step" value="([a-z0-9_]+)"')
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([a-z0-9_]+)" value="([^"]*)"')


def answers(**changes: str) -> dict[str, str]:
    """Form answers of a likely-eligible Florida visitor; `changes` override fields."""
    form = {
        "first_name": "Maya",
        "last_name": "Lopez",
        "email": "maya@example.com",
        "phone": "(305) 555-0142",
        "date_of_birth": "1991-06-15",
        "state": "FL",
        "zip": "33101",
        "medications": "none",
        "consent_terms": "yes",  # accepted on the first step
        "consent_contact_email": "yes",
    }
    form.update({f"phq9_{n}": "2" for n in range(1, 10)})
    form["phq9_9"] = "0"
    form.update({f"gad7_{n}": "1" for n in range(1, 8)})
    form.update(changes)
    return form


def walk(
    client: Any,
    form: dict[str, str],
    max_steps: int = 12,
    start: str = "/assessment?utm_source=facebook&utm_campaign=ppd",
) -> tuple[Any, list[str]]:
    """Post every answer at each step until the form redirects; return the last response and the steps seen."""
    page = client.get(start)
    html = page.get_data(as_text=True)
    carried = {k: v for k, v in HIDDEN.findall(html) if k not in ("step", "csrf_token")}
    data = dict(carried, **form)
    seen = []
    for _ in range(max_steps):
        step = STEP.search(html).group(1)
        seen.append(step)
        action = "submit" if step == "review" else "next"
        response = client.post("/assessment", data=dict(data, step=step, action=action))
        if response.status_code != 200:
            return response, seen
        html = response.get_data(as_text=True)
        # The safety screen hands back a reference to the answers it saved; the rest attach to it.
        data.update((k, v) for k, v in HIDDEN.findall(html) if k == "safety_ref")
    raise AssertionError(f"the assessment did not finish: {seen}")
