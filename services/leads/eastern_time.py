"""Times as the clinic's staff and visitors read them: America/New_York, with the zone named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

CLINIC_ZONE = ZoneInfo("America/New_York")


def eastern(moment: datetime) -> str:
    """Format a UTC moment in Eastern time, e.g. "Dec 3, 2026, 1:41 AM EST"."""
    local = moment.astimezone(CLINIC_ZONE)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.strftime('%b')} {local.day}, {local.year}, {hour}:{local.strftime('%M %p')} {local.tzname()}"
