"""One SendGrid request for a batch: a shared body, and per recipient their own links and headers."""

from __future__ import annotations

from dataclasses import dataclass

from services.kit.email import EmailMessage, Recipient
from services.newsletter.campaigns.domain import merge_fields
from services.newsletter.campaigns.domain.merge_fields import MergeField
from services.newsletter.campaigns.domain.placeholders import substitutions
from services.newsletter.campaigns.domain.unsubscribe_headers import list_unsubscribe_headers
from services.newsletter.sending.batch_store import Addressee
from services.newsletter.signup.links import Links


@dataclass(frozen=True)
class FrozenCampaign:
    """What every batch of a campaign shares, fixed when sending started."""

    id: int
    subject: str
    html: str
    text: str
    fields: tuple[MergeField, ...] = ()


def batch_message(
    campaign: FrozenCampaign,
    people: list[Addressee],
    links: Links,
    *,
    from_email: str,
    from_name: str,
    allow_http: bool,
) -> EmailMessage:
    """Build the message whose personalizations each carry one recipient's unsubscribe link and headers.

    custom_args hold only our ids (campaign and recipient row), never anything about the person;
    the merge fields' values travel as substitutions, filled into this recipient's copy only.
    """
    recipients = []
    for person in people:
        urls = links.recipient_urls(person.subscriber_id, campaign.id)
        values = merge_fields.substitutions(campaign.fields, {"first_name": person.first_name, "email": person.email})
        recipients.append(
            Recipient(
                email=person.email,
                headers=list_unsubscribe_headers(urls["unsubscribe_url"], allow_http=allow_http),
                substitutions={**substitutions(urls), **values},
                custom_args={"campaign_id": str(campaign.id), "recipient_id": str(person.recipient_id)},
            )
        )
    return EmailMessage(
        from_email=from_email,
        from_name=from_name,
        subject=campaign.subject,
        html=campaign.html,
        text=campaign.text,
        recipients=tuple(recipients),
        categories=("newsletter",),
    )
