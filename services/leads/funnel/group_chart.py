"""A horizontal bar chart of the funnel per source, campaign or landing page, as inline SVG with labelled axes.

Each group gets one bar per stage with its value written at the bar's end; the x axis counts people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAGES = (
    ("assessments", "Assessments", "#2f6f6a"),
    ("likely_eligible", "Likely eligible", "#5b9c96"),
    ("consultations_requested", "Consultations requested", "#b06f1c"),
    ("members", "Members", "#8a1c1c"),
)
LABEL_WIDTH, PLOT_WIDTH, BAR, GAP, GROUP_GAP, TOP = 200, 420, 12, 2, 18, 30
MAX_GROUPS = 12


@dataclass(frozen=True)
class GroupBar:
    """One bar: where it is, how long, its color, the value written beside it and its full label."""

    x: int
    y: int
    width: int
    color: str
    value: int
    label: str


@dataclass(frozen=True)
class GroupChart:
    """Everything the template draws: bars, group labels, ticks and the plot's size."""

    bars: list[GroupBar]
    groups: list[tuple[int, str]]
    ticks: list[tuple[int, int]]
    width: int
    height: int
    axis_y: int
    plot_left: int
    plot_right: int


def _ticks(peak: int) -> list[int]:
    """Return up to five round tick values from 0 to at least `peak`."""
    steps = (m * 10**k for k in range(12) for m in (1, 2, 5))
    step = next(s for s in steps if peak <= 5 * s)
    top = -(-peak // step) * step or step
    return list(range(0, top + 1, step))


def group_chart(rows: list[dict[str, Any]]) -> GroupChart:
    """Lay out the biggest groups' bars, one per stage, scaled to the largest value."""
    shown = rows[:MAX_GROUPS]
    ticks = _ticks(max((int(r[name]) for r in shown for name, _, _ in STAGES), default=0))
    scale = PLOT_WIDTH / ticks[-1]
    bars, groups, y = [], [], TOP
    group_height = len(STAGES) * (BAR + GAP)
    for row in shown:
        groups.append((y + group_height // 2 + 4, _short(str(row["label"]))))
        for name, stage, color in STAGES:
            value = int(row[name])
            bars.append(
                GroupBar(LABEL_WIDTH, y, round(value * scale), color, value, f"{row['label']}, {stage}: {value}")
            )
            y += BAR + GAP
        y += GROUP_GAP
    axis_y = y
    tick_x = [(LABEL_WIDTH + round(t * scale), t) for t in ticks]
    return GroupChart(
        bars=bars,
        groups=groups,
        ticks=tick_x,
        width=LABEL_WIDTH + PLOT_WIDTH + 60,
        height=axis_y + 50,
        axis_y=axis_y,
        plot_left=LABEL_WIDTH,
        plot_right=LABEL_WIDTH + PLOT_WIDTH,
    )


def _short(label: str, limit: int = 28) -> str:
    """Shorten a long group name for the axis; the table beside the chart has it in full."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
