"""The emails a subscriber receives outside campaigns: confirm, welcome, already subscribed, a fresh link."""

from __future__ import annotations

from services.kit.email import EmailMessage, Recipient
from services.newsletter.campaigns.domain.call_to_action import CallToAction
from services.newsletter.campaigns.domain.footer import Footer
from services.newsletter.campaigns.domain.rendering import personalize, render_campaign
from services.newsletter.campaigns.domain.unsubscribe_headers import list_unsubscribe_headers
from services.newsletter.sending.footer import campaign_footer
from services.newsletter.settings import NewsletterSettings
from services.newsletter.signup.links import Links

CONFIRM = """Hello{greeting},

Please confirm that you would like to receive the {clinic} newsletter: research news and
practical insights about ketamine therapy for depression. The link below works for {hours} hours.
"""
CONFIRM_LABEL = "Yes, subscribe me"
WELCOME = """Welcome{greeting},

Thank you for confirming. You will now receive the {clinic} newsletter.

You can choose your topics, pause the newsletter, or download or erase what we hold about
you at any time: [manage your subscription]({preferences_url}).
"""
ALREADY = """Hello{greeting},

Someone (we hope you) asked to subscribe this address, and it is already subscribed.
Nothing has changed. To choose topics or unsubscribe, [manage your subscription]({preferences_url}).
"""
FRESH_LINK = """Hello{greeting},

Here is a fresh link to [manage your subscription]({preferences_url}).
"""
SUBJECTS = {
    "confirm": "Please confirm your subscription",
    "welcome": "Welcome to {clinic}'s newsletter",
    "already_subscribed": "You are already subscribed",
    "preferences_link": "Your link to manage your subscription",
}
BODIES = {"confirm": CONFIRM, "welcome": WELCOME, "already_subscribed": ALREADY, "preferences_link": FRESH_LINK}
# Marketing mail carries one-click unsubscribe headers; the confirmation request is not marketing.
WITH_UNSUBSCRIBE_HEADERS = frozenset({"welcome", "already_subscribed", "preferences_link"})


def subscriber_message(
    kind: str,
    settings: NewsletterSettings,
    links: Links,
    *,
    subscriber_id: int,
    email: str,
    first_name: str | None,
    nonce: str | None,
) -> EmailMessage:
    """Build the email of `kind` for one subscriber."""
    urls = links.recipient_urls(subscriber_id)
    values = {
        "greeting": f" {first_name}" if first_name else "",
        "clinic": settings.clinic_name,
        "hours": settings.confirm_ttl_hours,
        "preferences_url": urls["preferences_url"],
        "confirm_url": links.url("confirm", subscriber_id, n=nonce) if kind == "confirm" else "",
    }
    footer = campaign_footer(settings)
    action = None
    if kind == "confirm":
        # Not yet a subscriber: the footer explains the request instead of offering an unsubscribe.
        footer = Footer(postal_address=footer.postal_address, clinic_name=footer.clinic_name, confirmation=True)
        action = CallToAction(CONFIRM_LABEL, str(values["confirm_url"]))
    subject = SUBJECTS[kind].format(**values)
    rendered = personalize(
        render_campaign(
            BODIES[kind].format(**values), subject, "", kind.replace("_", "-"), footer, action, with_merge_fields=False
        ),
        urls,
    )
    headers = {}
    if kind in WITH_UNSUBSCRIBE_HEADERS:
        headers = list_unsubscribe_headers(urls["unsubscribe_url"], allow_http=not settings.is_production)
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=settings.clinic_name,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        recipients=(Recipient(email=email, name=first_name, headers=headers),),
        categories=("newsletter-" + kind.replace("_", "-"),),
    )
