"""The sending engine against PostgreSQL (or SQLite) and the SendGrid stand-in."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import requests

from tests.newsletter.campaign_api import act, create_campaign, progress, wait_until_sent
from tests.newsletter.local_stack import LocalStack, local_stack
from tests.newsletter.seeding import seed_confirmed
from tests.support.waiting import wait_until


@pytest.mark.slow
def test_a_campaign_to_5000_subscribers_reaches_each_exactly_once(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """5,000 confirmed subscribers → 5 batches → exactly one message per subscriber at the stand-in."""
    emails = seed_confirmed(stack.nl, 5000)
    campaign = create_campaign(stack.url, marketer_headers)
    started = act(stack.url, marketer_headers, campaign["id"], "send")
    assert started["total"] == 5000
    final = wait_until_sent(stack.url, marketer_headers, campaign["id"])
    assert final["sent"] == 5000 and final["batches"]["submitted"] == 5
    assert final["possibly_duplicated"] == 0 and final["failures"] == 0
    stats = stack.mail_stats()
    assert stats["total"] == 5000 and stats["recipients"] == 5000 and not stats["duplicates"]
    assert set(stats["per_recipient"]) == {e.lower() for e in emails}


def test_every_marketing_message_carries_its_own_one_click_unsubscribe(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """Each message has List-Unsubscribe (its own signed URL), List-Unsubscribe-Post, a visible link and the footer."""
    emails = seed_confirmed(stack.nl, 120)
    campaign = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, campaign["id"], "send")
    wait_until_sent(stack.url, marketer_headers, campaign["id"])
    messages = stack.mail(limit=500)
    assert len(messages) == len(emails)
    seen_urls = set()
    for message in messages:
        header = message["headers"]["List-Unsubscribe"]
        assert header.startswith("<") and "/newsletter/unsubscribe?token=" in header
        assert message["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = header.strip("<>")
        assert url in message["html"].replace("&amp;", "&") and url in message["text"]
        assert stack.nl.settings.clinic_postal_address.split(",")[0] in message["text"]
        assert "not medical advice" in message["text"]
        assert "utm_campaign=" + campaign["slug"] in message["text"]
        assert set(message["custom_args"]) == {"campaign_id", "recipient_id"}
        assert message["categories"] == ["newsletter"]
        seen_urls.add(url)
    assert len(seen_urls) == len(emails)
    one = messages[0]
    answer = requests.post(
        one["headers"]["List-Unsubscribe"].strip("<>"),
        data={"List-Unsubscribe": "One-Click"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 200


@pytest.mark.parametrize("mode", ["429", "500"])
def test_throttling_and_outages_are_retried_and_nobody_is_lost(
    stack: LocalStack, marketer_headers: dict[str, str], mode: str
) -> None:
    """429 (honouring X-RateLimit-Reset) and 500 answers are retried until every recipient is submitted once."""
    emails = seed_confirmed(stack.nl, 2500)
    stack.fault(mode, count=3, reset_in=1)
    campaign = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, campaign["id"], "send")
    final = wait_until_sent(stack.url, marketer_headers, campaign["id"])
    assert final["sent"] == len(emails) and final["failures"] == 0 and final["possibly_duplicated"] == 0
    stats = stack.mail_stats()
    assert stats["recipients"] == len(emails) and not stats["duplicates"]
    assert requests.get(stack.standin_url + "/dev/sendgrid/faults", timeout=10).json()["count"] == 0


def test_a_refused_batch_is_marked_failed_with_sendgrids_reason(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """A 400 is not retried: the batch and its recipients are failed, visibly, and other batches still go."""
    seed_confirmed(stack.nl, 1500)
    stack.fault("400", count=1)
    campaign = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, campaign["id"], "send")
    final = wait_until_sent(stack.url, marketer_headers, campaign["id"])
    assert final["batches"] == {"pending": 0, "submitting": 0, "submitted": 1, "failed": 1}
    assert final["failures"] + final["sent"] == 1500 and final["failures"] in (500, 1000)
    assert final["batch_errors"] and "400" in final["batch_errors"][0]["error"]


def test_pause_stops_new_batches_and_resume_finishes(stack: LocalStack, marketer_headers: dict[str, str]) -> None:
    """A paused campaign submits no new batch; after resume everyone is reached once."""
    seed_confirmed(stack.nl, 3000)
    stack.fault("slow", count=1, delay=1.5)
    campaign = create_campaign(stack.url, marketer_headers)
    act(stack.url, marketer_headers, campaign["id"], "send")
    act(stack.url, marketer_headers, campaign["id"], "pause")
    wait_until(lambda: progress(stack.url, marketer_headers, campaign["id"])["batches"]["submitting"] == 0, 20)
    paused = progress(stack.url, marketer_headers, campaign["id"])
    assert paused["state"] == "paused" and paused["sent"] < 3000
    act(stack.url, marketer_headers, campaign["id"], "resume")
    final = wait_until_sent(stack.url, marketer_headers, campaign["id"])
    assert final["sent"] == 3000 and not stack.mail_stats()["duplicates"]


def test_topic_audience_skips_paused_held_and_other_topics(stack: LocalStack, marketer_headers: dict[str, str]) -> None:
    """A topic campaign reaches that topic's and topic-less subscribers, never paused, held or other-topic ones."""
    from services.newsletter.signup import store
    from services.newsletter.tables import subscribers

    wanted = seed_confirmed(stack.nl, 5, topics=("postpartum",))
    everything = seed_confirmed(stack.nl, 3)
    other = seed_confirmed(stack.nl, 4, topics=("clinic_updates",))
    with stack.nl.db.transaction() as session:
        store.set_hold(session, stack.nl.hasher(wanted[0]), True)
        session.execute(
            subscribers.update().where(subscribers.c.email_hash == stack.nl.hasher(wanted[1])).values(paused=True)
        )
    campaign = create_campaign(stack.url, marketer_headers, audience="postpartum")
    act(stack.url, marketer_headers, campaign["id"], "send")
    wait_until_sent(stack.url, marketer_headers, campaign["id"])
    reached = set(stack.mail_stats()["per_recipient"])
    assert reached == {e.lower() for e in wanted[2:] + everything}
    assert not reached & {e.lower() for e in other}


def test_an_unlimited_send_rate_still_waits_for_sendgrids_rate_limit_reset(
    service_env: Callable[..., dict[str, str]], marketer_headers: dict[str, str]
) -> None:
    """With SEND_RATE_PER_SECOND=0, a 429 still holds every batch until X-RateLimit-Reset, and nobody is lost."""
    with local_stack(service_env("newsletter", SEND_RATE_PER_SECOND="0")) as unlimited:
        emails = seed_confirmed(unlimited.nl, 3000)
        unlimited.fault("429", count=2, reset_in=2)
        campaign = create_campaign(unlimited.url, marketer_headers)
        started = time.monotonic()
        act(unlimited.url, marketer_headers, campaign["id"], "send")
        final = wait_until_sent(unlimited.url, marketer_headers, campaign["id"])
        assert time.monotonic() - started >= 1.0
        assert final["sent"] == len(emails) and final["possibly_duplicated"] == 0
        stats = unlimited.mail_stats()
        assert stats["recipients"] == len(emails) and not stats["duplicates"]
