"""How `make proof` judges what it saw: the restart window, clean 503s, percentiles and the written report."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from proof.database_restart import clean_503, judge
from proof.outcome import Outcome
from proof.run_all import render
from proof.steady_load import Shot, percentile

SHAPE_503 = json.dumps({"code": 503, "status": "Service Unavailable", "message": "later", "errors": {}})


def test_only_a_503_in_the_error_shape_is_clean() -> None:
    """A 503 with our four keys is clean; Caddy's bare text, another shape or another status is not."""
    assert clean_503(Shot(1.0, 503, 0.01, SHAPE_503))
    assert not clean_503(Shot(1.0, 503, 0.01, "Service Unavailable"))
    assert not clean_503(Shot(1.0, 503, 0.01, json.dumps({"error": "db"})))
    assert not clean_503(Shot(1.0, 500, 0.01, SHAPE_503.replace("503", "500")))


def test_a_503_outside_the_window_breaks_the_promise_inside_it_does_not() -> None:
    """503s are forgiven only while the database is away (and a request in flight then counts as inside)."""
    window = (10.0, 11.0)
    fine = Outcome("x")
    judge(
        fine,
        "leads",
        [Shot(5.0, 201, 0.1, ""), Shot(9.95, 503, 0.1, SHAPE_503), Shot(12.0, 503, 0.1, SHAPE_503)],
        window,
    )
    assert fine.held, fine.broken
    late = Outcome("x")
    judge(late, "leads", [Shot(20.0, 503, 0.1, SHAPE_503)], window)
    assert not late.held and "outside the restart window" in late.broken[0]


def test_a_500_or_a_hang_in_the_window_breaks_the_promise() -> None:
    """Inside the window only 2xx or a clean 503 will do; a request with no answer is a hang."""
    for shot in (Shot(10.5, 500, 0.1, "oops"), Shot(10.5, 0, 15.0, "ReadTimeout")):
        outcome = Outcome("x")
        judge(outcome, "webhooks", [shot], (10.0, 11.0))
        assert not outcome.held


def test_percentile_uses_the_nearest_rank() -> None:
    """p50 and p99 of 1..100 are 50 and 99; no values give 0."""
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50 and percentile(values, 0.99) == 99 and percentile([], 0.99) == 0


def test_the_report_names_the_run_and_lists_broken_promises() -> None:
    """The written file carries date, machine, every figure and, when one broke, the word and the promise."""
    good, bad = Outcome("Soak at half capacity"), Outcome("Backup and restore")
    good.figure("errors", 0)
    bad.check(False, "the restore failed")
    text = render([good, bad], datetime(2026, 12, 3, 12, 0, tzinfo=UTC), 90)
    assert "2026-12-03 12:00 UTC" in text and "- machine: " in text
    assert "| errors | 0 |" in text
    assert "SOME PROMISES WERE BROKEN" in text and "- the restore failed" in text
    assert "Every promise held." in text
