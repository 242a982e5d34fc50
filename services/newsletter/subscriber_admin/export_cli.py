"""Export subscribers as CSV: `python -m services.newsletter.subscriber_admin.export_cli [--status S] [OUT]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.subscriber_admin.listing import STATUSES, export_csv


def main(argv: Sequence[str] | None = None) -> int:
    """Write the CSV to a file or to standard output."""
    parser = argparse.ArgumentParser(
        prog="python -m services.newsletter.subscriber_admin.export_cli", description=__doc__
    )
    parser.add_argument("out", nargs="?", help="file to write (standard output when omitted)")
    parser.add_argument("--status", choices=STATUSES)
    args = parser.parse_args(argv)
    nl = parts_of(build_container())
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    try:
        for chunk in export_csv(nl.db, status=args.status):
            out.write(chunk)
    finally:
        if args.out:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
