"""The events between services, one frozen dataclass each, parsed and checked at the receiving edge.

Each event names its type, who sends it and who receives it. None carries health information: an event
about a person carries ids, their contact details where the receiver needs them, and plain facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

E = TypeVar("E", bound="Event")


class InvalidEvent(ValueError):
    """The event's data does not match its contract."""


@dataclass(frozen=True)
class Event:
    """The base of every event: its wire type, its sender and its receiver."""

    TYPE: ClassVar[str]
    SOURCE: ClassVar[str]
    TARGET: ClassVar[str]

    def to_data(self) -> dict[str, Any]:
        """The event's `data` as it goes on the wire."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_data(cls: type[E], data: Any) -> E:
        """Read and check the wire `data`; raise InvalidEvent when a field is missing or of the wrong kind."""
        if not isinstance(data, Mapping):
            raise InvalidEvent(f"{cls.TYPE}: data must be an object")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            present = f.name in data
            if not present and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise InvalidEvent(f"{cls.TYPE}: {f.name} is required")
            if present:
                values[f.name] = _checked(cls.TYPE, f, data[f.name])
        return cls(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


_KINDS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "bool": (bool,),
    "int": (int,),
    "int | None": (int, type(None)),
    "float": (int, float),
    "tuple[str, ...]": (list, tuple),
    "Mapping[str, Any]": (Mapping,),
}


def _checked(event_type: str, f: dataclasses.Field[Any], value: Any) -> Any:
    kinds = _KINDS[str(f.type)]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise InvalidEvent(f"{event_type}: {f.name} has the wrong kind of value")
    checked: Any = value
    if str(f.type) == "tuple[str, ...]":
        if not all(isinstance(item, str) for item in checked):
            raise InvalidEvent(f"{event_type}: {f.name} must list text")
        return tuple(checked)
    if str(f.type) == "Mapping[str, Any]":
        return dict(checked)
    return checked


@dataclass(frozen=True)
class LeadNewsletterOptIn(Event):
    """A visitor ticked "Stay informed": the newsletter starts its double opt-in with this consent record."""

    TYPE: ClassVar[str] = "lead.newsletter_opt_in"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "newsletter"

    lead_id: str
    email: str
    first_name: str = ""
    topics: tuple[str, ...] = ()
    consent: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactMarketingHold(Event):
    """Hold (or release) every marketing message to one address while a clinician has a safety flag open."""

    TYPE: ClassVar[str] = "contact.marketing_hold"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "newsletter"

    email: str
    held: bool


@dataclass(frozen=True)
class LeadCheckoutCleared(Event):
    """This lead may buy the membership (eligibility rules or a clinician's approval)."""

    TYPE: ClassVar[str] = "lead.checkout_cleared"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "billing"

    lead_id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    state: str | None = None
    cleared_by: str = "eligibility"


@dataclass(frozen=True)
class LeadCheckoutRevoked(Event):
    """This lead may no longer buy the membership."""

    TYPE: ClassVar[str] = "lead.checkout_revoked"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "billing"

    lead_id: str


@dataclass(frozen=True)
class LeadDeclined(Event):
    """A clinician decided treatment is not right for this person: billing cancels and refunds (no reason given)."""

    TYPE: ClassVar[str] = "lead.declined"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "billing"

    lead_id: str
    subscription_id: str | None = None


@dataclass(frozen=True)
class SubscriptionActivated(Event):
    """A lead's membership started paying: the funnel counts a member and the money."""

    TYPE: ClassVar[str] = "subscription.activated"
    SOURCE: ClassVar[str] = "billing"
    TARGET: ClassVar[str] = "leads"

    lead_id: str
    subscription_id: str
    amount_cents: int | None = None
    currency: str | None = None
    activated_at: str | None = None


@dataclass(frozen=True)
class SubscriptionCanceled(Event):
    """A lead's membership ended."""

    TYPE: ClassVar[str] = "subscription.canceled"
    SOURCE: ClassVar[str] = "billing"
    TARGET: ClassVar[str] = "leads"

    lead_id: str
    subscription_id: str
    canceled_at: str | None = None


@dataclass(frozen=True)
class InvoicePaid(Event):
    """Money collected: an invoice of a lead's membership was paid, for the amount actually paid (after discounts)."""

    TYPE: ClassVar[str] = "invoice.paid"
    SOURCE: ClassVar[str] = "billing"
    TARGET: ClassVar[str] = "leads"

    lead_id: str
    invoice_id: str
    amount_cents: int
    currency: str
    paid_at: str


@dataclass(frozen=True)
class RefundIssued(Event):
    """Money given back: a refund of a lead's payment went through."""

    TYPE: ClassVar[str] = "refund.issued"
    SOURCE: ClassVar[str] = "billing"
    TARGET: ClassVar[str] = "leads"

    lead_id: str
    refund_id: str
    amount_cents: int
    currency: str
    refunded_at: str


@dataclass(frozen=True)
class NewsletterPrivacyRequest(Event):
    """A person proved they own this address and asked for a copy of their data (export) or its erasure (erase)."""

    TYPE: ClassVar[str] = "privacy.newsletter_request"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "newsletter"

    request_id: str
    kind: str
    email: str


@dataclass(frozen=True)
class BillingPrivacyRequest(Event):
    """The same request for billing: export its mirror, or cancel, anonymise and redact the Stripe customer."""

    TYPE: ClassVar[str] = "privacy.billing_request"
    SOURCE: ClassVar[str] = "leads"
    TARGET: ClassVar[str] = "billing"

    request_id: str
    kind: str
    email: str


@dataclass(frozen=True)
class NewsletterPrivacyDone(Event):
    """The newsletter finished its part of a privacy request; `data` is its export (empty for an erasure)."""

    TYPE: ClassVar[str] = "privacy.newsletter_done"
    SOURCE: ClassVar[str] = "newsletter"
    TARGET: ClassVar[str] = "leads"

    request_id: str
    kind: str
    found: bool
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BillingPrivacyDone(Event):
    """Billing finished its part of a privacy request; `data` is its export (empty for an erasure)."""

    TYPE: ClassVar[str] = "privacy.billing_done"
    SOURCE: ClassVar[str] = "billing"
    TARGET: ClassVar[str] = "leads"

    request_id: str
    kind: str
    found: bool
    data: Mapping[str, Any] = field(default_factory=dict)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        LeadNewsletterOptIn,
        ContactMarketingHold,
        LeadCheckoutCleared,
        LeadCheckoutRevoked,
        LeadDeclined,
        SubscriptionActivated,
        SubscriptionCanceled,
        InvoicePaid,
        RefundIssued,
        NewsletterPrivacyRequest,
        BillingPrivacyRequest,
        NewsletterPrivacyDone,
        BillingPrivacyDone,
    )
}


def parse_event(event_type: str, data: Any) -> Event | None:
    """The typed event for a wire type and data; None for a type no contract names."""
    kind = EVENT_TYPES.get(event_type)
    return kind.from_data(data) if kind is not None else None
