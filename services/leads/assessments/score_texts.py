"""Scores as the visitor reads them: the number and what it means."""

from __future__ import annotations

from typing import Any

from services.leads.catalogue import Catalogue


def score_lines(scores: dict[str, Any], t: Catalogue) -> list[tuple[str, str]]:
    """(label, meaning) for each instrument answered."""
    lines = []
    phq9 = scores.get("phq9")
    if phq9:
        lines.append((t.t("scores.phq9.label", total=phq9["total"]), t.t(f"scores.phq9.{phq9['severity']}")))
    epds = scores.get("epds")
    if epds:
        meaning = "probable" if epds["probable_depression"] else "possible" if epds["possible_depression"] else "low"
        lines.append(
            (
                t.t("scores.epds.label", total=epds["total"]),
                t.t(f"scores.epds.{meaning}") + " " + t.t("scores.epds.anxiety", total=epds["anxiety_subscale"]),
            )
        )
    gad7 = scores.get("gad7")
    if gad7:
        lines.append((t.t("scores.gad7.label", total=gad7["total"]), t.t(f"scores.gad7.{gad7['severity']}")))
    return lines
