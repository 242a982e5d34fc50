"""Import subscribers from CSV with a progress bar: `python -m services.newsletter.subscriber_admin.import_cli FILE`.

Columns: email (required), first_name, topics (slugs separated by ";"); --column email="E-mail" reads a
file whose columns are named otherwise, as the staff import page does. Rows that cannot be imported
are listed with their line number and reason, and written to --rejects as CSV when given.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.subscriber_admin.import_jobs import IMPORT_FIELDS
from services.newsletter.subscriber_admin.importing import ImportOptions, import_rows
from services.newsletter.subscriber_domain.csv_import import CsvHeaderError, parse_subscriber_csv
from services.newsletter.subscriber_domain.topics import TOPIC_SLUGS


class ProgressBar:
    """A one-line bar on a terminal stream: [#####.....]  52%  5,200 / 10,000 rows."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.width = width

    def advance(self, rows: int) -> None:
        """Add rows and redraw."""
        self.done += rows
        filled = int(self.width * min(self.done, self.total) / self.total)
        percent = 100 * min(self.done, self.total) // self.total
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}%  {self.done:,} / {self.total:,} rows"
        )
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")


def _count_rows(path: Path) -> int:
    """Count data rows (for the bar's total) without parsing them."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the import; exit 0 when every row was handled, 1 when some were rejected, 2 on a bad file."""
    parser = argparse.ArgumentParser(
        prog="python -m services.newsletter.subscriber_admin.import_cli", description=__doc__
    )
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--status",
        choices=("pending", "confirmed"),
        default="pending",
        help="pending sends each person a confirmation email (double opt-in); confirmed needs --consent-text-version",
    )
    parser.add_argument("--consent-text-version", help="the wording under which these people consented elsewhere")
    parser.add_argument("--topics", default="", help="topics for rows without any, separated by ';'")
    parser.add_argument("--rejects", type=Path, help="write rejected rows (line, reason, email) to this CSV")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="read FIELD (email, first_name, topics) from the column named HEADER; repeatable",
    )
    args = parser.parse_args(argv)
    mapping = dict(item.partition("=")[::2] for item in args.column) or None
    if mapping and (set(mapping) - set(IMPORT_FIELDS) or not all(mapping.values())):
        parser.error(f"--column takes FIELD=HEADER with FIELD one of: {', '.join(IMPORT_FIELDS)}")
    if args.status == "confirmed" and not args.consent_text_version:
        parser.error("--status confirmed needs --consent-text-version (proof of the consent given elsewhere)")
    default_topics = tuple(t for t in args.topics.split(";") if t)
    unknown = [t for t in default_topics if t not in TOPIC_SLUGS]
    if unknown:
        parser.error(f"unknown topics: {', '.join(unknown)}")
    nl = parts_of(build_container())
    bar = ProgressBar(_count_rows(args.file), sys.stderr)
    options = ImportOptions(args.status, args.consent_text_version or nl.settings.consent_text_version)
    try:
        with args.file.open(newline="", encoding="utf-8-sig") as handle:
            report = import_rows(
                nl, parse_subscriber_csv(handle, default_topics=default_topics, mapping=mapping), options, bar.advance
            )
    except CsvHeaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bar.finish()
    print(
        f"imported {report.imported}, already on the list {report.already_listed}, "
        f"not importable {report.not_importable}, rejected {len(report.rejected)}"
    )
    for row in report.rejected[:20]:
        print(f"  line {row.line}: {row.reason}")
    if len(report.rejected) > 20:
        print(f"  ... and {len(report.rejected) - 20} more")
    if args.rejects:
        with args.rejects.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["line", "reason", "email"])
            writer.writerows([r.line, r.reason, r.email] for r in report.rejected)
    return 1 if report.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
