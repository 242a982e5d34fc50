"""Settings every service shares: its database, its peers, the outbox, email."""

from __future__ import annotations

import dataclasses

from services.kit.config import BaseSettings, setting


@dataclasses.dataclass(frozen=True)
class ServiceSettings(BaseSettings):
    """Common service settings; `{SVC}` in a name is the service's upper-case name."""

    database_url: str = setting("{SVC}_DATABASE_URL", "", secret=True, dev="sqlite:///var/{svc}.db")
    leads_url: str = setting("LEADS_URL", "", secret=True, dev="http://127.0.0.1:8101")
    billing_url: str = setting("BILLING_URL", "", secret=True, dev="http://127.0.0.1:8102")
    newsletter_url: str = setting("NEWSLETTER_URL", "", secret=True, dev="http://127.0.0.1:8103")
    outbox_max_attempts: int = setting("OUTBOX_MAX_ATTEMPTS", 8)
    outbox_lease_seconds: float = setting("OUTBOX_LEASE_SECONDS", 60.0)
    # Delivered outbox rows still hold the emails and events they carried; dead letters stay until retried.
    outbox_keep_days: int = setting("OUTBOX_KEEP_DAYS", 30)
    retention_every_seconds: float = setting("RETENTION_EVERY_SECONDS", 3600.0)
    worker_poll_seconds: float = setting("WORKER_POLL_SECONDS", 0.5)
    health_worker_max_age: float = setting("HEALTH_WORKER_MAX_AGE", 30.0)
    sendgrid_api_key: str = setting("SENDGRID_API_KEY", "", secret=True, dev="SG.local-standin-key")
    sendgrid_host: str = setting("SENDGRID_HOST", "https://api.sendgrid.com", dev="http://127.0.0.1:8125")
    sendgrid_timeout_seconds: float = setting("SENDGRID_TIMEOUT_SECONDS", 20.0)
    mail_from: str = setting("MAIL_FROM", "care@clinic.example")
    clinic_name: str = setting("CLINIC_NAME", "Harbor Wellness")
    clinic_postal_address: str = setting("CLINIC_POSTAL_ADDRESS", "100 Example Way, Suite 200, Tampa, FL 33602")

    @property
    def service_urls(self) -> dict[str, str]:
        """Map each service's name to its internal base URL."""
        return {"leads": self.leads_url, "billing": self.billing_url, "newsletter": self.newsletter_url}
