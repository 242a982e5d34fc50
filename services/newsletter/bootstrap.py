"""The newsletter service's composition root."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from services.kit.container import Container
from services.kit.email import EmailSender
from services.newsletter.context import Newsletter
from services.newsletter.settings import load_settings
from services.newsletter.signup.identity import EmailHasher
from services.newsletter.signup.links import Links
from services.newsletter.subscriber_domain.tokens import LinkSigner
from services.newsletter.tables import infra, metadata


def build_container(env: Mapping[str, str] | None = None, *, email: EmailSender | None = None) -> Container:
    """Wire the newsletter service from its settings; tests may hand in their own email sender."""
    settings = load_settings(env)
    container = Container.build(settings, metadata, infra, email=email)
    container.parts = Newsletter(
        container=container,
        settings=settings,
        hasher=EmailHasher(settings.link_signing_key),
        links=Links(settings.public_url, LinkSigner(settings.link_signing_key), settings.confirm_ttl_hours),
    )
    return container


def parts_of(container: Container) -> Newsletter:
    """Return the newsletter parts wired into `container`."""
    return container.parts_as(Newsletter)


def current_parts() -> Newsletter:
    """Return the newsletter parts of the app handling the current request."""
    return parts_of(current_app.extensions["container"])
