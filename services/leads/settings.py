"""The leads service's settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from services.kit.config import setting
from services.kit.service_settings import ServiceSettings

# Well-known development keys: a fresh clone runs with no setup; production must set its own.
DEV_DATA_KEYS = "dev1:+cH3QiviAa8hnjSm8HD8OKI8f310NCIgBg7x3NP9mkE="
DEV_BLIND_INDEX_KEY = "e3980067ed5c3bc83cb56ff5915bd459ef18c01f5e9ab9b40a8ead157bb47f06"


@dataclasses.dataclass(frozen=True)
class LeadsSettings(ServiceSettings):
    """Settings of the leads service."""

    service: str = "leads"
    data_encryption_keys: str = setting("DATA_ENCRYPTION_KEYS", "", secret=True, dev=DEV_DATA_KEYS)
    blind_index_key: str = setting("BLIND_INDEX_KEY", "", secret=True, dev=DEV_BLIND_INDEX_KEY)
    link_signing_key: str = setting("LEADS_LINK_SIGNING_KEY", "", secret=True, dev="dev-leads-link-key")
    safety_alert_to: str = setting("SAFETY_ALERT_TO", "oncall@clinic.example")
    safety_ack_minutes: int = setting("SAFETY_ACK_MINUTES", 30)
    safety_escalate_to: str = setting("SAFETY_ESCALATE_TO", "medical-director@clinic.example")
    retention_days: int = setting("RETENTION_DAYS", 365)
    dedupe_days: int = setting("DEDUPE_DAYS", 30)
    spam_min_seconds: float = setting("SPAM_MIN_SECONDS", 3.0)
    spam_ip_per_hour: int = setting("SPAM_IP_PER_HOUR", 20)
    spam_email_per_day: int = setting("SPAM_EMAIL_PER_DAY", 5)
    result_link_hours: int = setting("RESULT_LINK_HOURS", 72)
    # The link in the next-step email outlives the one on the page: people come back to an email days later.
    result_email_link_days: int = setting("RESULT_EMAIL_LINK_DAYS", 14)
    # How many new result links one person may ask for in an hour; more asks are answered the same, sending nothing.
    result_link_requests_per_hour: int = setting("RESULT_LINK_REQUESTS_PER_HOUR", 3)
    # Privacy requests: the emailed confirmation link, the export's download link, and asks per address per hour.
    privacy_link_minutes: int = setting("PRIVACY_LINK_MINUTES", 60)
    privacy_download_hours: int = setting("PRIVACY_DOWNLOAD_HOURS", 24)
    privacy_requests_per_hour: int = setting("PRIVACY_REQUESTS_PER_HOUR", 3)
    # An unconfirmed request is deleted after this many days; an answered one keeps no address, only its dates.
    privacy_unconfirmed_days: int = setting("PRIVACY_UNCONFIRMED_DAYS", 7)
    team_hours_text: str = setting("TEAM_HOURS_TEXT", "Monday–Friday, 8am–6pm Eastern")
    # At least the gunicorn threads per worker (GUNICORN_THREADS, 8 by default), so no request waits for or
    # reopens a connection.
    db_pool_size: int = setting("LEADS_DB_POOL_SIZE", 10)
    # When the care team takes consultations (clinic time, America/New_York): the days, and the parts of the
    # day a visitor may choose, each "key=HH:MM-HH:MM"; together they are the clinic's hours.
    clinic_days: tuple[str, ...] = setting("CLINIC_DAYS", ("mon", "tue", "wed", "thu", "fri"))
    consultation_windows: tuple[str, ...] = setting(
        "CONSULTATION_WINDOWS", ("morning=08:00-12:00", "afternoon=12:00-16:00", "late_afternoon=16:00-18:00")
    )
    consultation_minutes: int = setting("CONSULTATION_MINUTES", 30)
    consultation_link_days: int = setting("CONSULTATION_LINK_DAYS", 90)
    consultation_reminder_every_seconds: float = setting("CONSULTATION_REMINDER_EVERY_SECONDS", 300.0)
    # Who hears of every new inquiry, consultation request and lead; 0 minutes = one email per record.
    intake_notify_to: str = setting("INTAKE_NOTIFY_TO", "intake@clinic.example")
    intake_digest_minutes: int = setting("INTAKE_DIGEST_MINUTES", 0)


def load_settings(env: Mapping[str, str] | None = None) -> LeadsSettings:
    """Read the leads settings from `env` (the process environment by default)."""
    return LeadsSettings.from_env(env)
