"""Staff pages for figures: the funnel chart, the waitlist demand, the CSV download."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request

from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.funnel.breakdown import DIMENSIONS, breakdown, revenue_by_touch
from services.leads.funnel.figures import funnel
from services.leads.funnel.group_chart import STAGES, group_chart
from services.leads.funnel.week_labels import week_of
from services.leads.staff.audited import audit_event
from services.leads.staff.export import export_csv
from services.leads.staff.record_labels import state_name
from services.leads.waitlist.joining import demand_by_state

bp = Blueprint("staff_report_pages", __name__, url_prefix="/admin/leads")
install_error_pages(bp)
install_no_store(bp)
bp.add_app_template_filter(week_of, "week_of")


def dollars(cents: int) -> str:
    """Format cents as dollars for staff, e.g. "$1,250.00"."""
    sign = "−" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


bp.add_app_template_filter(dollars, "dollars")


@bp.get("/funnel")
@staff_page("marketer", "clinician")
def funnel_page() -> Any:
    """Show the funnel by source, campaign or landing page as a chart with the table beside it, and revenue."""
    touch = "last" if request.args.get("touch") == "last" else "first"
    by = request.args.get("by", "source")
    by = by if by in DIMENSIONS else "source"
    since_text = request.args.get("since", "")
    try:
        since = date.fromisoformat(since_text) if since_text else None
    except ValueError:
        since = None
    parts = current_parts()
    grouped = breakdown(parts, by, touch, since)
    weekly = funnel(parts, touch, since)
    return render_template(
        "staff/funnel.html",
        grouped=grouped,
        chart=group_chart(grouped["rows"]),
        stages=STAGES,
        dimensions=DIMENSIONS,
        revenue=revenue_by_touch(parts),
        data=weekly,
        since=since.isoformat() if since else "",
        since_refused=bool(since_text) and since is None,
    )


@bp.get("/waitlist")
@staff_page("marketer", "clinician")
def waitlist_page() -> Any:
    """Show waitlist demand per state."""
    t = page_catalogue("en")
    states = [{**s, "name": state_name(t, str(s["state"]))} for s in demand_by_state(current_parts())]
    return render_template("staff/waitlist.html", states=states)


@bp.get("/export.csv")
@staff_page("clinician")
def export_page() -> Response:
    """Download the CSV export (logged)."""
    text, count = export_csv(current_parts())
    audit_event(current_parts(), "leads.exported", "leads", "all", f"{count} rows")
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="leads.csv"', "Cache-Control": "no-store"},
    )
