"""`make proof`: run every reliability proof, write docs/reliability.md, exit non-zero if a promise broke."""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from proof.explanations import EXPLANATIONS, INTRODUCTION, KNOBS
from proof.outcome import Outcome

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
# Each module's run() returns its outcomes; a proof may be left out with PROOF_ONLY=name,name.
PROOFS = ("database_restart", "worker_kills", "hostile_http", "soak")


def machine() -> str:
    """Name the machine the figures come from: processor, cores and memory."""
    model = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split()[1])
        memory = f", {total_kib / 1024 / 1024:.1f} GiB memory"
    return f"{platform.node()}: {model}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def render(outcomes: list[Outcome], started: datetime, seconds: float) -> str:
    """The whole of docs/reliability.md for one run."""
    held = all(outcome.held for outcome in outcomes)
    lines = [
        "# Reliability proofs",
        "",
        INTRODUCTION,
        "",
        "## The last run",
        "",
        f"- date: {started.strftime('%Y-%m-%d %H:%M')} UTC, {seconds / 60:.1f} minutes in all",
        f"- machine: {machine()}",
        f"- durations and rates: {', '.join(f'{name}={os.environ.get(name, default)}' for name, default, _ in KNOBS)}",
        f"- result: {'every promise held' if held else 'SOME PROMISES WERE BROKEN (listed under each proof)'}",
        "",
    ]
    for outcome in outcomes:
        lines += [f"## {outcome.title}", "", EXPLANATIONS.get(outcome.title, ""), ""]
        lines += ["| figure | value |", "|---|---|"]
        lines += [f"| {label} | {value} |" for label, value in outcome.figures]
        lines += ["", f"Took {outcome.seconds:.0f} s. " + ("Every promise held." if outcome.held else "Broken:"), ""]
        lines += [f"- {promise}" for promise in outcome.broken]
        if outcome.broken:
            lines.append("")
    lines += ["## Running it", "", "```sh", "make proof", "```", "", "Knobs (environment variables):", ""]
    lines += [f"- `{name}` (default {default}): {meaning}" for name, default, meaning in KNOBS]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Run the chosen proofs in turn; one that crashes is reported as broken and the rest still run."""
    only = [name for name in os.environ.get("PROOF_ONLY", "").split(",") if name]
    started, began = datetime.now(UTC), time.monotonic()
    outcomes: list[Outcome] = []
    for name in only or PROOFS:
        print(f"== proof.{name}", flush=True)
        try:
            found = importlib.import_module(f"proof.{name}").run()
        except Exception:  # noqa: BLE001 - one crashed proof must not hide the others' figures
            crashed = Outcome(f"proof.{name}")
            crashed.check(False, "the proof itself crashed: " + traceback.format_exc(limit=3).replace("\n", " "))
            found = [crashed]
        for outcome in found:
            print(f"{outcome.title}: {'held' if outcome.held else 'BROKEN'}", flush=True)
            for label, value in outcome.figures:
                print(f"  {label}: {value}")
            for promise in outcome.broken:
                print(f"  BROKEN: {promise}")
        outcomes.extend(found)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(render(outcomes, started, time.monotonic() - began))
    print(f"written to {DOC.relative_to(ROOT)}")
    return 0 if all(outcome.held for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
