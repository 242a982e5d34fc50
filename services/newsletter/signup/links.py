"""The signed links in our emails and pages: confirm, preferences, unsubscribe."""

from __future__ import annotations

from services.newsletter.subscriber_domain.tokens import LinkPayload, LinkSigner, Purpose

PATHS: dict[str, str] = {
    "confirm": "/newsletter/confirm",
    "preferences": "/newsletter/preferences",
    "unsubscribe": "/newsletter/unsubscribe",
}


class Links:
    """Make and read the public URLs that carry a signed token."""

    def __init__(self, public_url: str, signer: LinkSigner, confirm_ttl_hours: int) -> None:
        self.base = public_url.rstrip("/")
        self.signer = signer
        self.confirm_max_age = confirm_ttl_hours * 3600

    def url(self, purpose: Purpose, subscriber_id: int, **extra: object) -> str:
        """Return the absolute URL for `purpose` with a fresh token."""
        token = self.signer.make(purpose, subscriber_id, extra or None)
        # Tokens are URL-safe base64 and dots already; quoting them would change nothing but cost time.
        return f"{self.base}{PATHS[purpose]}?token={token}"

    def read(self, purpose: Purpose, token: str) -> LinkPayload:
        """Verify a token; raise InvalidLink or ExpiredLink."""
        max_age = self.confirm_max_age if purpose == "confirm" else None
        return self.signer.read(purpose, token, max_age)

    def recipient_urls(self, subscriber_id: int, campaign_id: int | None = None) -> dict[str, str]:
        """Return the placeholder URLs (unsubscribe, preferences) for one recipient."""
        extra = {"c": campaign_id} if campaign_id is not None else {}
        return {
            "unsubscribe_url": self.url("unsubscribe", subscriber_id, **extra),
            "preferences_url": self.url("preferences", subscriber_id),
        }
