"""The newsletter service's composition root."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from services.kit.container import Container
from services.kit.email import SendGridEmailSender
from services.newsletter.context import Newsletter
from services.newsletter.settings import NewsletterSettings, load_settings
from services.newsletter.subscribers.domain.tokens import LinkSigner
from services.newsletter.subscriptions.identity import EmailHasher
from services.newsletter.subscriptions.links import Links
from services.newsletter.tables import infra, metadata


def build_container(env: Mapping[str, str] | None = None) -> Container:
    """Wire the newsletter service from its settings."""
    return Container.build(load_settings(env), metadata, infra)


def build_newsletter(env: Mapping[str, str] | None = None) -> Newsletter:
    """Build the container plus the newsletter's own adapters (links, hasher, SendGrid sender)."""
    container = build_container(env)
    settings = cast(NewsletterSettings, container.settings)
    links = Links(settings.public_url, LinkSigner(settings.link_signing_key), settings.confirm_ttl_hours)
    sender = SendGridEmailSender(
        settings.sendgrid_api_key, settings.sendgrid_host, timeout=settings.sendgrid_timeout_seconds
    )
    return Newsletter(
        container=container,
        settings=settings,
        hasher=EmailHasher(settings.link_signing_key),
        links=links,
        sender=sender,
    )
