"""Every blueprint of the newsletter app, in one list."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from services.newsletter.campaigns import admin_pages as campaign_admin
from services.newsletter.campaigns import api as campaign_api
from services.newsletter.preferences import pages as preference_pages
from services.newsletter.preferences import unsubscribe
from services.newsletter.signup import api as subscription_api
from services.newsletter.signup import pages as signup_pages
from services.newsletter.staff_summary import api as staff_summary_api
from services.newsletter.subscriber_admin import admin_pages as subscriber_admin
from services.newsletter.subscriber_admin import import_pages
from services.newsletter.webhooks import api as webhook_api


def register(app: Flask, api: Api) -> None:
    """Attach the JSON APIs (documented in OpenAPI) and the pages."""
    api.register_blueprint(subscription_api.blp)
    api.register_blueprint(campaign_api.blp)
    api.register_blueprint(staff_summary_api.blp)
    for bp in (
        signup_pages.bp,
        preference_pages.bp,
        unsubscribe.bp,
        webhook_api.bp,
        campaign_admin.bp,
        subscriber_admin.bp,
        import_pages.bp,
    ):
        app.register_blueprint(bp)
