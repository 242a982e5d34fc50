"""schema.org JSON-LD for the articles: a MedicalWebPage naming its author, its clinical reviewer and its sources."""

from __future__ import annotations

from typing import Any

from gateway.clinic_structured_data import CONTEXT
from gateway.resource_library import Article, author_url
from services.kit.clinic_profile_model import Clinician


def article_data(article: Article, public_url: str) -> dict[str, Any]:
    """Describe one article: what it is about, who wrote and reviewed it, when, and what it cites."""
    return {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "@id": f"{public_url}{article.url}",
        "url": f"{public_url}{article.url}",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": "en-US",
        "datePublished": article.published.isoformat(),
        "dateModified": article.updated.isoformat(),
        "lastReviewed": article.updated.isoformat(),
        "author": person_data(article.author, public_url),
        "reviewedBy": person_data(article.reviewer, public_url),
        "publisher": {"@id": f"{public_url}/about#clinic"},
        "about": [{"@type": "MedicalCondition", "name": condition.label} for condition in article.conditions],
        "timeRequired": f"PT{article.reading_minutes}M",
        "citation": [
            {"@type": "CreativeWork", "name": ref.title, "publisher": ref.publisher, "url": ref.url}
            for ref in article.references
        ],
    }


def person_data(person: Clinician, public_url: str) -> dict[str, Any]:
    """A clinician as author or reviewer: a Physician for MDs and DOs, a Person otherwise, with their page."""
    return {
        "@type": "Physician" if person.is_physician else "Person",
        "name": person.display_name,
        "url": f"{public_url}{author_url(person)}",
        "description": person.role,
    }


def collection_data(name: str, path: str, articles: tuple[Article, ...], public_url: str) -> dict[str, Any]:
    """A list page of articles (the index, a condition, a clinician's work) as a CollectionPage."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": f"{public_url}{path}",
        "hasPart": [{"@type": "MedicalWebPage", "name": a.title, "url": f"{public_url}{a.url}"} for a in articles],
    }
