"""Proof 5: the raw-socket hostile HTTP cases and the odd upstream framings, run against the real Caddy."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from proof.outcome import Outcome
from tests.support.servers import ROOT

TESTS = ("tests/gateway/test_hostile_http.py", "tests/gateway/test_upstream_framing.py")


def run() -> list[Outcome]:
    """Run the hostile cases with pytest and count them from its JUnit report."""
    outcome = Outcome("Hostile HTTP at the gateway")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", *TESTS, "-q", "-p", "no:randomly", f"--junitxml={report}"],
            cwd=ROOT,
            capture_output=True,
        )
        cases = ET.parse(report).getroot().iter("testcase")  # noqa: S314 - pytest's own report of this run
        results = {case.get("name", ""): [child.tag for child in case] for case in cases}
    failed = sorted(name for name, tags in results.items() if {"failure", "error"} & set(tags))
    skipped = sorted(name for name, tags in results.items() if "skipped" in tags)
    refused = sum(1 for name in results if name.startswith("test_hostile_requests_are_refused"))
    outcome.figure("cases run against Caddy (raw sockets)", len(results))
    outcome.figure("of which malformed or smuggling requests refused by Caddy itself", refused)
    outcome.figure("cases failed / skipped", f"{len(failed)} / {len(skipped)}")
    outcome.check(not failed, "failed: " + ", ".join(failed))
    outcome.check(not skipped, "skipped: " + ", ".join(skipped))
    outcome.check(len(results) > 0, "no hostile case ran")
    outcome.seconds = time.monotonic() - started
    return [outcome]
