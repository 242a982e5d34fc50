"""A bar chart of the funnel as inline SVG (no script, no styles), one group of bars per week."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from services.leads.funnel.week_labels import short_week, week_of

SERIES = (
    ("assessments", "#2f6f6a"),
    ("likely_eligible", "#5b9c96"),
    ("consultations_requested", "#d08c2f"),
    ("converted", "#8a1c1c"),
)
BAR, GAP, HEIGHT = 14, 18, 180


@dataclass(frozen=True)
class Bar:
    """One bar: where it is, how tall, what it says."""

    x: int
    y: int
    height: int
    color: str
    label: str


def weekly_bars(rows: list[dict[str, Any]]) -> tuple[list[Bar], list[tuple[int, str]], int]:
    """Bars, week labels with their x, and the chart's width."""
    weeks: dict[str, dict[str, int]] = defaultdict(lambda: {name: 0 for name, _ in SERIES})
    for row in rows:
        for name, _ in SERIES:
            weeks[row["week"]][name] += row[name]
    peak = max((v for figures in weeks.values() for v in figures.values()), default=0) or 1
    bars, labels, x = [], [], 40
    for week in sorted(weeks):
        labels.append((x, short_week(week)))
        for name, color in SERIES:
            value = weeks[week][name]
            height = round(HEIGHT * value / peak)
            bars.append(
                Bar(x, 20 + HEIGHT - height, height, color, f"{week_of(week)}, {name.replace('_', ' ')}: {value}")
            )
            x += BAR
        x += GAP
    return bars, labels, max(x + 20, 320)
