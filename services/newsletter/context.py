"""Everything the newsletter's views, jobs and commands share, built once in bootstrap.py."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Table

from services.kit.container import Container
from services.kit.db import Database
from services.kit.email import EmailSender
from services.newsletter.settings import NewsletterSettings
from services.newsletter.subscriptions.identity import EmailHasher
from services.newsletter.subscriptions.links import Links

EXTENSION = "newsletter"


@dataclass
class Newsletter:
    """The service's settings, database, link maker, address hasher and email sender."""

    container: Container
    settings: NewsletterSettings
    hasher: EmailHasher
    links: Links
    sender: EmailSender

    @property
    def db(self) -> Database:
        """The service's database."""
        return self.container.db

    @property
    def outbox(self) -> Table:
        """The outbox table, for side effects recorded with business rows."""
        return self.container.infra.outbox


def current() -> Newsletter:
    """Return the Newsletter of the app handling this request."""
    return current_app.extensions[EXTENSION]
