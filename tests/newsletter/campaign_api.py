"""Drive the campaign JSON API the way a marketer's script would."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from tests.support.waiting import wait_until

BODY = """# Research roundup

New findings on ketamine for postpartum depression. [Read the summary](https://clinic.example/research).
"""


def create_campaign(
    url: str, headers: dict[str, str], *, audience: str = "everyone", markdown: str = BODY
) -> dict[str, Any]:
    """Create a draft and return it."""
    slug = f"roundup-{uuid.uuid4().hex[:8]}"
    answer = requests.post(
        url + "/api/newsletter/campaigns",
        headers=headers,
        timeout=10,
        json={
            "slug": slug,
            "subject": "Research roundup",
            "preheader": "What is new this month",
            "markdown": markdown,
            "audience": audience,
        },
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def confirmation(url: str, headers: dict[str, str], campaign_id: int) -> dict[str, Any]:
    """Read the audience a send would reach now, as the body that confirms it."""
    answer = requests.get(f"{url}/api/newsletter/campaigns/{campaign_id}/audience", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    return {"audience_count": shown["count"], "confirmation": shown["confirmation"]}


def act(url: str, headers: dict[str, str], campaign_id: int, action: str) -> dict[str, Any]:
    """Apply an action (send after confirming the audience, pause, resume, cancel) and return the campaign."""
    body = confirmation(url, headers, campaign_id) if action == "send" else None
    answer = requests.post(
        f"{url}/api/newsletter/campaigns/{campaign_id}/{action}", headers=headers, json=body, timeout=60
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def progress(url: str, headers: dict[str, str], campaign_id: int) -> dict[str, Any]:
    """Read the live figures."""
    return requests.get(f"{url}/api/newsletter/campaigns/{campaign_id}/progress", headers=headers, timeout=10).json()


def wait_until_sent(url: str, headers: dict[str, str], campaign_id: int, timeout: float = 120) -> dict[str, Any]:
    """Wait for the campaign to reach the sent state; return its final figures."""
    return wait_until(
        lambda: (p := progress(url, headers, campaign_id))["state"] == "sent" and p, timeout, interval=0.25
    )
