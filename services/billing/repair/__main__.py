"""Repair the billing mirror: `python -m services.billing.repair reconcile`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from services.billing.bootstrap import build_container, parts_of
from services.billing.repair.reconcile import reconcile


def main(argv: list[str] | None = None) -> None:
    """Run one reconcile pass and print its report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=("reconcile",))
    parser.parse_args(argv)
    print(json.dumps(asdict(reconcile(parts_of(build_container())))))


if __name__ == "__main__":
    main()
