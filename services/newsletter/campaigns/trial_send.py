"""Send a campaign's current draft to any address, marked as a test."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.kit.email import EmailMessage, Recipient
from services.kit.email_jobs import queue_email
from services.newsletter.campaigns.domain.rendering import personalize
from services.newsletter.campaigns.domain.unsubscribe_headers import list_unsubscribe_headers
from services.newsletter.campaigns.editing import CampaignDraft, check, load
from services.newsletter.campaigns.sample_recipient import EXAMPLE
from services.newsletter.context import Newsletter
from services.newsletter.signup import store

# A test recipient is nobody's subscription: its links point at a record that does not exist.
TEST_SUBSCRIBER_ID = 0


def send_test(session: Session, nl: Newsletter, campaign_id: int, email: str) -> bool:
    """Queue a "[Test]" copy to `email`, merge fields filled with the example name and `email`; False when held.

    A test goes to any address, so it never carries a subscriber's name or address: the preview, inside the
    console, is where the marketer sees a real subscriber's values.
    """
    row = load(session, campaign_id)
    if store.is_held(session, nl.hasher(email)):
        return False
    draft = CampaignDraft(row.slug, row.subject, row.preheader, row.markdown, row.audience)
    urls = nl.links.recipient_urls(TEST_SUBSCRIBER_ID, campaign_id)
    rendered = personalize(check(nl.settings, draft), urls, {**EXAMPLE, "email": email})
    headers = list_unsubscribe_headers(urls["unsubscribe_url"], allow_http=not nl.settings.is_production)
    message = EmailMessage(
        from_email=nl.settings.mail_from,
        from_name=nl.settings.clinic_name,
        subject=f"[Test] {rendered.subject}",
        html=rendered.html,
        text=rendered.text,
        recipients=(Recipient(email=email, headers=headers),),
        categories=("newsletter-test",),
    )
    queue_email(session, nl.outbox, message)
    return True
