"""The topics a subscriber can choose and a campaign can target."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One newsletter topic: a stable slug, a display name and a one-line description."""

    slug: str
    name: str
    description: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        "research_news",
        "Research news",
        "New studies and what they mean for ketamine therapy for depression.",
    ),
    Topic(
        "postpartum",
        "Postpartum and new parents",
        "Postpartum depression, pregnancy and the first year with a baby, for parents and families.",
    ),
    Topic(
        "clinic_updates",
        "Clinic updates",
        "News from the clinic: availability in Florida and New Jersey, pricing and services.",
    ),
)

TOPIC_SLUGS: frozenset[str] = frozenset(topic.slug for topic in TOPICS)


def topic_by_slug(slug: str) -> Topic:
    """Return the topic with this slug, or raise KeyError."""
    for topic in TOPICS:
        if topic.slug == slug:
            return topic
    raise KeyError(slug)
