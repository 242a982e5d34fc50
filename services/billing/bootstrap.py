"""The billing service's composition root: the one place the Stripe client and keys are built."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine

from services.billing.catalog.membership_price import MembershipPrice
from services.billing.catalog.stripe_catalog import MembershipPlan, StripeCatalog
from services.billing.mirror.sync import MirrorSync
from services.billing.payments.port import PaymentGateway
from services.billing.payments.stripe_gateway import StripePaymentGateway, build_stripe_client
from services.billing.settings import BillingSettings, load_settings
from services.billing.tables import infra, metadata
from services.billing.webhooks.store import autocommit_engine
from services.kit.container import Container
from services.kit.email import EmailSender


@dataclass
class BillingParts:
    """What billing code needs besides the shared container."""

    container: Container
    settings: BillingSettings
    gateway: PaymentGateway
    catalog: StripeCatalog
    plan: MembershipPlan
    price: MembershipPrice
    links: URLSafeTimedSerializer
    sync: MirrorSync
    ingest_engine: Engine | None


def build_container(
    env: Mapping[str, str] | None = None, *, gateway: PaymentGateway | None = None, email: EmailSender | None = None
) -> Container:
    """Wire the billing service from its settings; tests may hand in their own payment gateway or email sender."""
    settings = load_settings(env)
    # The library logs every call at INFO; our own logs already say what matters.
    logging.getLogger("stripe").setLevel(logging.WARNING)
    container = Container.build(settings, metadata, infra, email=email)
    client = build_stripe_client(settings.stripe_secret_key, settings.stripe_api_base, timeout=settings.stripe_timeout)
    catalog = StripeCatalog(client)
    plan = MembershipPlan(
        product_id=settings.stripe_product_id,
        product_name=settings.product_name,
        lookup_key=settings.price_lookup_key,
        amount_cents=settings.amount_cents,
        currency=settings.currency,
    )
    gateway = gateway or StripePaymentGateway(client)
    container.parts = BillingParts(
        container=container,
        settings=settings,
        gateway=gateway,
        catalog=catalog,
        plan=plan,
        price=MembershipPrice(
            catalog, plan, configured_id=settings.stripe_price_id, create_missing=not settings.is_production
        ),
        links=URLSafeTimedSerializer(settings.link_signing_key, salt="billing-signin-link"),
        sync=MirrorSync(container.db, gateway, container.infra.outbox),
        ingest_engine=autocommit_engine(container.db),
    )
    return container


def parts_of(container: Container) -> BillingParts:
    """Return the billing parts wired into `container`."""
    return container.parts_as(BillingParts)


def current_parts() -> BillingParts:
    """Return the billing parts of the app handling the current request."""
    return parts_of(current_app.extensions["container"])
