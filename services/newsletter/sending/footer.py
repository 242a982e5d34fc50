"""The footer every newsletter carries, from the clinic's configured name and postal address."""

from __future__ import annotations

from services.newsletter.campaigns.domain.footer import Footer
from services.newsletter.settings import NewsletterSettings


def campaign_footer(settings: NewsletterSettings) -> Footer:
    """Build the footer (postal address, medical disclaimer, unsubscribe placeholders)."""
    return Footer(postal_address=settings.clinic_postal_address, clinic_name=settings.clinic_name)
