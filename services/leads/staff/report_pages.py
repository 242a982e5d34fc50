"""Staff pages for figures: the funnel chart, the waitlist demand, the CSV download."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request

from services.kit.no_store import install_no_store
from services.kit.staff_pages import install_error_pages, staff_page
from services.leads.bootstrap import current_parts
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.funnel.chart import SERIES, weekly_bars
from services.leads.funnel.figures import funnel
from services.leads.funnel.week_labels import week_of
from services.leads.staff.audited import audit_event
from services.leads.staff.export import export_csv
from services.leads.staff.record_labels import state_name
from services.leads.waitlist.joining import demand_by_state

bp = Blueprint("staff_report_pages", __name__, url_prefix="/admin/leads")
install_error_pages(bp)
install_no_store(bp)
bp.add_app_template_filter(week_of, "week_of")


@bp.get("/funnel")
@staff_page("marketer", "clinician")
def funnel_page() -> Any:
    """Show the funnel as a chart and a table."""
    touch = "last" if request.args.get("touch") == "last" else "first"
    try:
        since = date.fromisoformat(request.args["since"]) if request.args.get("since") else None
    except ValueError:
        since = None
    data = funnel(current_parts(), touch, since)
    bars, labels, width = weekly_bars(data["rows"])
    return render_template("staff/funnel.html", data=data, bars=bars, labels=labels, width=width, series=SERIES)


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
