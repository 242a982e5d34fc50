"""Everything the newsletter's views, jobs and commands share, built once in bootstrap.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from services.kit.container import Container
from services.kit.db import Database
from services.kit.email import EmailSender
from services.newsletter.settings import NewsletterSettings
from services.newsletter.signup.identity import EmailHasher
from services.newsletter.signup.links import Links


@dataclass
class Newsletter:
    """The service's settings, database, link maker and address hasher; its email sender is the container's."""

    container: Container
    settings: NewsletterSettings
    hasher: EmailHasher
    links: Links

    @property
    def db(self) -> Database:
        """The service's database."""
        return self.container.db

    @property
    def outbox(self) -> Table:
        """The outbox table, for side effects recorded with business rows."""
        return self.container.infra.outbox

    @property
    def sender(self) -> EmailSender:
        """The one email sender of the service, built with the container."""
        return self.container.email
