"""Who may call each route of each app: the expected answers the authorisation matrix checks.

Every rule of every app's url_map has an entry here. `PUBLIC` routes answer anyone (the matrix only
checks that they are listed); `page(...)` and `api(...)` routes are staff routes open to the roles
given (admins always). A route missing from this table fails tests/authorisation/test_staff_route_matrix.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    """The expected answer of one route: public, or staff-only for some roles as a page or an API."""

    roles: frozenset[str] | None
    page: bool = False

    @property
    def public(self) -> bool:
        """Whether anyone may call the route without a staff token."""
        return self.roles is None


PUBLIC = Access(None)
CARE = ("clinician",)
EVERY_ROLE = ("clinician", "marketer")
# A valid token whose roles the services do not know.
NO_ROLE = "no role"


def api(*roles: str) -> Access:
    """A staff JSON route: 401 without a valid token, 403 for other roles."""
    return Access(frozenset({"admin", *roles}))


def page(*roles: str) -> Access:
    """A staff page: a redirect to sign-in without a valid token, 403 for other roles."""
    return Access(frozenset({"admin", *roles}), page=True)


def any_staff_page() -> Access:
    """A staff page any valid staff token opens, even one with no role (it then offers nothing)."""
    return Access(frozenset({"admin", *EVERY_ROLE, NO_ROLE}), page=True)


def account_page() -> Access:
    """A gateway admin page that also checks the signed-in account in its database: no bare token opens it.

    tests/gateway_staff signs real accounts in to show who it lets through.
    """
    return Access(frozenset(), page=True)


# The keys are (app, "METHOD rule") exactly as Flask's url_map spells the rule.
EXPECTED: dict[tuple[str, str], Access] = {
    # leads
    ("leads", "GET /admin/leads"): page(*CARE),
    ("leads", "GET /admin/leads/<lead_id:lead_id>"): page(*CARE),
    ("leads", "POST /admin/leads/<lead_id:lead_id>/<string:action>"): page(*CARE),
    ("leads", "POST /admin/leads/<lead_id:lead_id>/consultations/<consultation_id>/confirm"): page(*CARE),
    ("leads", "POST /admin/leads/<lead_id:lead_id>/consultations/<consultation_id>/propose"): page(*CARE),
    ("leads", "GET /admin/leads/<lead_id:lead_id>/erase"): page(*CARE),
    ("leads", "POST /admin/leads/<lead_id:lead_id>/safety/<string:action>"): page(*CARE),
    ("leads", "POST /admin/leads/<lead_id:lead_id>/spam/<string:verdict>"): page(*CARE),
    ("leads", "GET /admin/leads/export.csv"): page(*CARE),
    ("leads", "GET /admin/leads/funnel"): page(*EVERY_ROLE),
    ("leads", "GET /admin/leads/waitlist"): page(*EVERY_ROLE),
    ("leads", "GET /api/leads/staff/export.csv"): api(*CARE),
    ("leads", "GET /api/leads/staff/funnel"): api(*EVERY_ROLE),
    ("leads", "GET /api/leads/staff/leads/<lead_id:lead_id>"): api(*CARE),
    ("leads", "POST /api/leads/staff/leads/<lead_id:lead_id>/erase"): api(*CARE),
    ("leads", "POST /api/leads/staff/leads/<lead_id:lead_id>/notes"): api(*CARE),
    ("leads", "POST /api/leads/staff/leads/<lead_id:lead_id>/safety/acknowledge"): api(*CARE),
    ("leads", "POST /api/leads/staff/leads/<lead_id:lead_id>/safety/clear"): api(*CARE),
    ("leads", "POST /api/leads/staff/leads/<lead_id:lead_id>/status"): api(*CARE),
    ("leads", "GET /api/leads/staff/queue"): api(*CARE),
    ("leads", "GET /api/leads/staff/waitlist"): api(*EVERY_ROLE),
    ("leads", "POST /api/leads/assessments"): PUBLIC,
    ("leads", "POST /api/leads/assessments/<lead_id:lead_id>/consultation"): PUBLIC,
    ("leads", "POST /api/leads/consultations"): PUBLIC,
    ("leads", "POST /api/leads/inquiries"): PUBLIC,
    ("leads", "GET /api/leads/openapi.json"): PUBLIC,
    ("leads", "POST /api/leads/waitlist"): PUBLIC,
    ("leads", "GET /assessment"): PUBLIC,
    ("leads", "POST /assessment"): PUBLIC,
    ("leads", "GET /assessment/assets/<path:filename>"): PUBLIC,
    ("leads", "GET /assessment/result/<token>"): PUBLIC,
    ("leads", "POST /assessment/result/<token>/consultation"): PUBLIC,
    ("leads", "POST /assessment/result/<token>/waitlist"): PUBLIC,
    ("leads", "POST /assessment/result/new-link"): PUBLIC,
    ("leads", "GET /consultation"): PUBLIC,
    ("leads", "POST /consultation"): PUBLIC,
    ("leads", "GET /consultation/manage/<token>"): PUBLIC,
    ("leads", "POST /consultation/manage/<token>/cancel"): PUBLIC,
    ("leads", "POST /consultation/manage/<token>/change"): PUBLIC,
    ("leads", "GET /contact"): PUBLIC,
    ("leads", "POST /contact"): PUBLIC,
    ("leads", "GET /healthz"): PUBLIC,
    # Signed with the events key and never routed by the gateway (tests/gateway proves the 404).
    ("leads", "POST /internal/events"): PUBLIC,
    ("leads", "GET /metrics"): PUBLIC,
    ("leads", "GET /static/<path:filename>"): PUBLIC,
    ("leads", "GET /waitlist"): PUBLIC,
    ("leads", "POST /waitlist"): PUBLIC,
    # billing
    ("billing", "GET /admin/billing"): page(*CARE),
    ("billing", "GET /admin/billing/members/<string:customer_id>"): page(*CARE),
    ("billing", "GET /api/billing/members"): api(*CARE),
    ("billing", "GET /api/billing/members/<string:customer_id>"): api(*CARE),
    ("billing", "POST /api/billing/members/<string:customer_id>/cancel-at-period-end"): api(*CARE),
    ("billing", "POST /api/billing/members/<string:customer_id>/cancel-now"): api(),
    ("billing", "POST /api/billing/members/<string:customer_id>/resume"): api(*CARE),
    ("billing", "POST /api/billing/checkout-sessions"): PUBLIC,
    ("billing", "GET /api/billing/checkout-sessions/<string:session_id>"): PUBLIC,
    ("billing", "GET /api/billing/openapi.json"): PUBLIC,
    ("billing", "GET /billing/cancel"): PUBLIC,
    ("billing", "GET /billing/manage"): PUBLIC,
    ("billing", "POST /billing/manage"): PUBLIC,
    ("billing", "GET /billing/manage/signin"): PUBLIC,
    ("billing", "POST /billing/manage/signin"): PUBLIC,
    ("billing", "GET /billing/success"): PUBLIC,
    ("billing", "GET /healthz"): PUBLIC,
    ("billing", "POST /internal/events"): PUBLIC,
    ("billing", "GET /membership"): PUBLIC,
    ("billing", "POST /membership/checkout"): PUBLIC,
    ("billing", "GET /metrics"): PUBLIC,
    ("billing", "GET /static/<path:filename>"): PUBLIC,
    ("billing", "POST /webhooks/stripe"): PUBLIC,
    # newsletter
    ("newsletter", "GET /admin/newsletter"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/<int:campaign_id>"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/<int:campaign_id>"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/<int:campaign_id>/<action>"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/<int:campaign_id>/preview"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/<int:campaign_id>/preview.html"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/<int:campaign_id>/schedule"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/<int:campaign_id>/test-send"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/new"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/new"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/subscribers"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/subscribers/export.csv"): page("marketer"),
    ("newsletter", "GET /api/newsletter/campaigns"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns"): api("marketer"),
    ("newsletter", "GET /api/newsletter/campaigns/<int:campaign_id>"): api("marketer"),
    ("newsletter", "PATCH /api/newsletter/campaigns/<int:campaign_id>"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/cancel"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/pause"): api("marketer"),
    ("newsletter", "GET /api/newsletter/campaigns/<int:campaign_id>/preview"): api("marketer"),
    ("newsletter", "GET /api/newsletter/campaigns/<int:campaign_id>/progress"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/resume"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/schedule"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/send"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/test-sends"): api("marketer"),
    ("newsletter", "POST /api/newsletter/campaigns/<int:campaign_id>/unschedule"): api("marketer"),
    ("newsletter", "GET /api/newsletter/subscribers"): api("marketer"),
    ("newsletter", "GET /api/newsletter/openapi.json"): PUBLIC,
    ("newsletter", "POST /api/newsletter/subscriptions"): PUBLIC,
    ("newsletter", "GET /embed/newsletter.js"): PUBLIC,
    ("newsletter", "GET /healthz"): PUBLIC,
    ("newsletter", "POST /internal/events"): PUBLIC,
    ("newsletter", "GET /metrics"): PUBLIC,
    ("newsletter", "GET /newsletter"): PUBLIC,
    ("newsletter", "POST /newsletter"): PUBLIC,
    ("newsletter", "GET /newsletter/assets/<path:filename>"): PUBLIC,
    ("newsletter", "GET /newsletter/check-email"): PUBLIC,
    ("newsletter", "GET /newsletter/confirm"): PUBLIC,
    ("newsletter", "POST /newsletter/confirm"): PUBLIC,
    ("newsletter", "GET /newsletter/embed"): PUBLIC,
    ("newsletter", "GET /newsletter/preferences"): PUBLIC,
    ("newsletter", "POST /newsletter/preferences"): PUBLIC,
    ("newsletter", "POST /newsletter/preferences/erase"): PUBLIC,
    ("newsletter", "POST /newsletter/preferences/export"): PUBLIC,
    ("newsletter", "POST /newsletter/preferences/link"): PUBLIC,
    ("newsletter", "GET /newsletter/unsubscribe"): PUBLIC,
    ("newsletter", "POST /newsletter/unsubscribe"): PUBLIC,
    ("newsletter", "GET /static/<path:filename>"): PUBLIC,
    ("newsletter", "POST /webhooks/sendgrid"): PUBLIC,
    # added with the staff console, privacy requests and articles
    ("leads", "GET /api/leads/staff/dead-letters"): api(),
    ("leads", "POST /api/leads/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/retry"): api(),
    ("leads", "POST /api/leads/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/discard"): api(),
    ("leads", "GET /api/leads/staff/audit"): api(),
    ("leads", "GET /api/leads/staff/funnel/breakdown"): api("clinician", "marketer"),
    ("leads", "GET /api/leads/staff/funnel/revenue"): api("clinician", "marketer"),
    ("leads", "GET /api/leads/staff/summary"): api("clinician", "marketer"),
    ("leads", "GET /privacy/requests"): PUBLIC,
    ("leads", "POST /privacy/requests"): PUBLIC,
    ("leads", "GET /privacy/requests/confirm"): PUBLIC,
    ("leads", "POST /privacy/requests/confirm"): PUBLIC,
    ("leads", "GET /privacy/requests/download"): PUBLIC,
    ("leads", "POST /privacy/requests/download"): PUBLIC,
    ("leads", "GET /admin/leads/privacy-requests"): page(),
    ("billing", "GET /api/billing/staff/dead-letters"): api(),
    ("billing", "POST /api/billing/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/retry"): api(),
    ("billing", "POST /api/billing/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/discard"): api(),
    ("billing", "GET /api/billing/staff/audit"): api(),
    ("billing", "POST /api/billing/members/<string:customer_id>/cancel-now-refund"): api(),
    ("billing", "POST /api/billing/members/<string:customer_id>/resend-manage-link"): api(),
    ("billing", "GET /api/billing/failed-events"): api(),
    ("billing", "POST /api/billing/failed-events/replay"): api(),
    ("billing", "POST /api/billing/reconcile"): api(),
    ("billing", "GET /api/billing/promotion-codes"): api("marketer"),
    ("billing", "GET /api/billing/staff/summary"): api(),
    ("billing", "POST /admin/billing/members/<string:customer_id>/<string:action>"): page(),
    ("billing", "GET /admin/billing/failed-events"): page(),
    ("billing", "POST /admin/billing/failed-events/replay"): page(),
    ("billing", "GET /admin/billing/reconcile"): page(),
    ("billing", "POST /admin/billing/reconcile"): page(),
    ("billing", "GET /admin/billing/promotion-codes"): page("marketer"),
    ("newsletter", "GET /api/newsletter/staff/dead-letters"): api(),
    ("newsletter", "POST /api/newsletter/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/retry"): api(),
    (
        "newsletter",
        "POST /api/newsletter/staff/dead-letters/<int(min=1, max=9223372036854775807):job_id>/discard",
    ): api(),
    ("newsletter", "GET /api/newsletter/staff/audit"): api(),
    ("newsletter", "GET /api/newsletter/campaigns/<int:campaign_id>/audience"): api("marketer"),
    ("newsletter", "GET /api/newsletter/staff/summary"): api("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/<int:campaign_id>/preview/text"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/campaigns/<int:campaign_id>/send"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/campaigns/<int:campaign_id>/schedule/check"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/imports"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/imports"): page("marketer"),
    ("newsletter", "GET /admin/newsletter/imports/<int:import_id>"): page("marketer"),
    ("newsletter", "POST /admin/newsletter/imports/<int:import_id>/start"): page("marketer"),
    ("newsletter", "GET /api/newsletter/imports/<int:import_id>"): api("marketer"),
    ("newsletter", "GET /admin/newsletter/imports/<int:import_id>/rejected.csv"): page("marketer"),
    ("gateway", "GET /resources"): PUBLIC,
    ("gateway", "GET /resources/<slug>"): PUBLIC,
    ("gateway", "GET /resources/conditions/<slug>"): PUBLIC,
    ("gateway", "GET /resources/authors/<slug>"): PUBLIC,
    ("gateway", "GET /sitemap.xml"): PUBLIC,
    ("gateway", "GET /robots.txt"): PUBLIC,
    ("gateway", "GET /embed/cta.js"): PUBLIC,
    ("gateway", "POST /staff/session/renew"): PUBLIC,  # renews a sign-in cookie; without one it answers 401
    ("gateway", "GET /staff/welcome"): PUBLIC,
    ("gateway", "POST /staff/welcome"): PUBLIC,
    ("gateway", "GET /staff/enrol"): PUBLIC,
    ("gateway", "POST /staff/enrol"): PUBLIC,
    ("gateway", "GET /admin/staff"): account_page(),
    ("gateway", "POST /admin/staff/invite"): account_page(),
    ("gateway", "GET /admin/staff/<int(min=1, max=9223372036854775807):user_id>"): account_page(),
    ("gateway", "POST /admin/staff/<int(min=1, max=9223372036854775807):user_id>/roles"): account_page(),
    ("gateway", "POST /admin/staff/<int(min=1, max=9223372036854775807):user_id>/disable"): account_page(),
    ("gateway", "POST /admin/staff/<int(min=1, max=9223372036854775807):user_id>/enable"): account_page(),
    ("gateway", "POST /admin/staff/<int(min=1, max=9223372036854775807):user_id>/reset-totp"): account_page(),
    ("gateway", "POST /admin/staff/<int(min=1, max=9223372036854775807):user_id>/send-link"): account_page(),
    ("gateway", "GET /admin/dead-letters"): page(),
    ("gateway", "POST /admin/dead-letters/<source>/<int(min=1, max=9223372036854775807):job_id>/retry"): page(),
    ("gateway", "POST /admin/dead-letters/<source>/<int(min=1, max=9223372036854775807):job_id>/discard"): page(),
    ("gateway", "GET /admin/audit"): page(),
    # gateway app
    ("gateway", "GET /staff"): any_staff_page(),
    ("gateway", "GET /staff/login"): PUBLIC,
    ("gateway", "POST /staff/login"): PUBLIC,
    ("gateway", "POST /staff/logout"): PUBLIC,
    ("gateway", "POST /auth/token"): PUBLIC,
    ("gateway", "GET /"): PUBLIC,
    ("gateway", "GET /about"): PUBLIC,
    ("gateway", "GET /faq"): PUBLIC,
    ("gateway", "GET /api/docs"): PUBLIC,
    ("gateway", "GET /api/gateway/openapi.json"): PUBLIC,
    ("gateway", "GET /api/docs/<service>.json"): PUBLIC,
    ("gateway", "GET /assets/<path:filename>"): PUBLIC,
    ("gateway", "GET /errors/<int:status>"): PUBLIC,
    ("gateway", "GET /healthz"): PUBLIC,
    ("gateway", "GET /metrics"): PUBLIC,
    **{
        ("gateway", f"GET /{document}{suffix}"): PUBLIC
        for document in (
            "accessibility",
            "disclaimer",
            "notice-of-privacy-practices",
            "privacy",
            "sms-terms",
            "telehealth-consent",
            "terms",
        )
        for suffix in ("", "/<version>")
    },
}
