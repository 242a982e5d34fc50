"""CPU time of benchmark processes, read from Linux /proc, and the machine's load."""

from __future__ import annotations

import os
import resource
from collections.abc import Mapping
from pathlib import Path


def _stat_fields(entry: Path) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (which may itself hold spaces or parentheses)."""
    return (entry / "stat").read_text().rsplit(")", 1)[1].split()


def _ticks(fields: list[str]) -> int:
    """User plus system clock ticks from a stat line's fields."""
    return int(fields[11]) + int(fields[12])


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) one process has used so far."""
    return _ticks(_stat_fields(Path(f"/proc/{pid}"))) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pgid: int | None = None, cmdline_has: str | None = None) -> float:
    """CPU time (user + system) of the live processes in a process group, or whose command line names something."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(entry)
            if pgid is not None and int(fields[2]) != pgid:
                continue
            if cmdline_has is not None and cmdline_has.encode() not in (entry / "cmdline").read_bytes():
                continue
        except OSError:
            continue  # the process ended while we looked
        ticks += _ticks(fields)
    return ticks / os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(groups: Mapping[str, int]) -> dict[str, float]:
    """CPU seconds used so far by each named process group."""
    return {name: cpu_seconds(pgid=pgid) for name, pgid in groups.items()}


def children_cpu_seconds() -> float:
    """CPU seconds used so far by this process's finished children (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> float:
    """The machine's 1-minute load average: how much other work competes for the same CPUs."""
    return os.getloadavg()[0]
