"""`make bench`: run every benchmark in turn; each writes its own section of docs/benchmarks.md."""

from __future__ import annotations

import importlib
import sys

BENCHES = ("bench.gateway_bench", "bench.leads_bench", "bench.billing_bench", "bench.newsletter_bench")


def main() -> int:
    """Run each benchmark's main(); report which ones failed."""
    failed = []
    for name in BENCHES:
        print(f"== {name}", flush=True)
        try:
            importlib.import_module(name).main()
        except Exception as exc:  # noqa: BLE001 - one broken bench must not hide the others' figures
            print(f"{name} failed: {exc}", flush=True)
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
