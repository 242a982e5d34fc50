"""Every visitor-facing text of the leads service, one catalogue per language."""

from services.leads.catalogue.catalogue import Catalogue, MissingText

__all__ = ["Catalogue", "MissingText"]
