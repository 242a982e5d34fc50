"""Who a campaign goes to: everyone subscribed, or the subscribers of one topic."""

from __future__ import annotations

from dataclasses import dataclass

from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS

EVERYONE = "everyone"


class InvalidAudience(ValueError):
    """The audience is neither "everyone" nor a known topic slug."""


@dataclass(frozen=True)
class Audience:
    """A campaign audience: ``"everyone"`` or a topic slug from the topics catalogue."""

    value: str

    def __post_init__(self) -> None:
        """Refuse anything but "everyone" or a known topic slug."""
        if self.value != EVERYONE and self.value not in TOPIC_SLUGS:
            known = ", ".join(sorted(TOPIC_SLUGS))
            raise InvalidAudience(f"audience must be {EVERYONE!r} or one of: {known}")

    @classmethod
    def everyone(cls) -> Audience:
        """Return the audience of every confirmed subscriber."""
        return cls(EVERYONE)

    @property
    def is_everyone(self) -> bool:
        """Tell whether this audience is every subscriber."""
        return self.value == EVERYONE

    @property
    def topic(self) -> str | None:
        """Return the targeted topic slug, or None for everyone."""
        return None if self.is_everyone else self.value

    def __str__(self) -> str:
        """Return the stored form: "everyone" or the topic slug."""
        return self.value
