"""/healthz: the database answers and the worker's heartbeat is recent."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, jsonify
from sqlalchemy import Table, select

from services.kit.db import Database
from services.kit.db_types import utcnow


def health_report(service: str, db: Database, heartbeat: Table, max_age: float) -> tuple[dict, bool]:
    """Check the database and the newest worker heartbeat; return the report and whether all is well."""
    report: dict = {"service": service, "checks": {}}
    ok = True
    try:
        report["checks"]["database"] = {"ok": True, "latency_ms": round(db.ping(), 2)}
    except Exception as exc:  # noqa: BLE001 - the report says what failed instead of failing itself
        report["checks"]["database"] = {"ok": False, "error": type(exc).__name__}
        report["checks"]["worker"] = {"ok": False, "error": "database unavailable"}
        report["status"] = "down"
        return report, False
    with db.transaction() as session:
        newest = session.execute(select(heartbeat.c.beat_at).order_by(heartbeat.c.beat_at.desc()).limit(1)).scalar()
    if newest is None:
        report["checks"]["worker"] = {"ok": False, "error": "no heartbeat yet"}
        ok = False
    else:
        age = (utcnow() - newest).total_seconds()
        fresh = age <= max_age
        report["checks"]["worker"] = {"ok": fresh, "last_beat_seconds_ago": round(age, 1)}
        ok = ok and fresh
    report["status"] = "up" if ok else "degraded"
    return report, ok


def install_health(app: Flask, service: str, db: Database, heartbeat: Table, max_age: float = 30.0) -> None:
    """Serve /healthz: 200 when everything answers, 503 with the detail otherwise."""

    @app.get("/healthz")
    def healthz() -> Response:
        """Report database and worker health."""
        report, ok = health_report(service, db, heartbeat, max_age)
        response = jsonify(report)
        response.status_code = 200 if ok else 503
        return response


def stale_after(seconds: float) -> timedelta:
    """Express a heartbeat age limit as a timedelta."""
    return timedelta(seconds=seconds)
