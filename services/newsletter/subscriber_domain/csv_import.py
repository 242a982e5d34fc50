"""Read a subscriber CSV row by row into accepted and rejected rows.

The file needs a header row with an ``email`` column; ``first_name`` and ``topics`` (slugs
separated by ``;``) are optional and other columns are ignored. A ``mapping`` (our field → the
file's column name) reads files whose columns are named otherwise. ``parse_subscriber_csv`` is a
generator, so a command-line import can report progress while it reads a large file.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from .topics import TOPIC_SLUGS

MAX_FIRST_NAME_LENGTH = 100
TOPIC_SEPARATOR = ";"


class CsvHeaderError(ValueError):
    """The file cannot be imported at all: its header row is missing or has no email column."""


@dataclass(frozen=True)
class AcceptedRow:
    """A row that can be imported, with its email normalised."""

    line: int
    email: str
    first_name: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class RejectedRow:
    """A row that cannot be imported, the line it starts on and why."""

    line: int
    reason: str
    email: str


@dataclass
class ImportSummary:
    """All rows of a file, split into accepted and rejected."""

    accepted: list[AcceptedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


def normalize_email(raw: str) -> str:
    """Return the address stripped, syntax-checked, with its domain lowercased; raise ValueError."""
    try:
        # No DNS lookups: imports must work offline and must not leak the list to resolvers.
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc


def parse_subscriber_csv(
    lines: Iterable[str],
    *,
    known_topics: Collection[str] = TOPIC_SLUGS,
    default_topics: tuple[str, ...] = (),
    mapping: Mapping[str, str] | None = None,
) -> Iterator[AcceptedRow | RejectedRow]:
    """Yield one AcceptedRow or RejectedRow per data row; raise CsvHeaderError for a bad header."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise CsvHeaderError("the file is empty; expected a header row with an email column")
    columns = {column_key(name): i for i, name in enumerate(header)}
    if mapping is not None:
        columns = {field: columns[column_key(name)] for field, name in mapping.items() if column_key(name) in columns}
    if "email" not in columns:
        raise CsvHeaderError("the header row has no email column")
    seen: dict[str, int] = {}
    line_after_previous = reader.line_num
    for cells in reader:
        start_line, line_after_previous = line_after_previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield _parse_row(start_line, cells, columns, seen, known_topics, default_topics)


def column_key(name: str) -> str:
    """Return a header cell as columns are matched: trimmed, without a byte-order mark, lowercase."""
    return name.strip().lstrip("\ufeff").lower()


def read_header(first_line: str) -> list[str]:
    """Return the header row's column names (as written, trimmed); raise CsvHeaderError when there is none."""
    header = next(csv.reader([first_line]), None)
    names = [name.strip().lstrip("\ufeff") for name in header or []]
    if not any(names):
        raise CsvHeaderError("the file is empty; expected a header row naming its columns")
    return names


def collect(rows: Iterable[AcceptedRow | RejectedRow]) -> ImportSummary:
    """Gather the parser's output into accepted and rejected lists."""
    summary = ImportSummary()
    for row in rows:
        if isinstance(row, AcceptedRow):
            summary.accepted.append(row)
        else:
            summary.rejected.append(row)
    return summary


def _parse_row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    seen: dict[str, int],
    known_topics: Collection[str],
    default_topics: tuple[str, ...],
) -> AcceptedRow | RejectedRow:
    """Validate one data row, remembering accepted addresses to catch duplicates."""
    raw_email = _cell(cells, columns, "email")
    if not raw_email:
        return RejectedRow(line, "missing email", raw_email)
    try:
        email = normalize_email(raw_email)
    except ValueError as exc:
        return RejectedRow(line, f"invalid email: {exc}", raw_email)
    # Mailbox names are case-insensitive in practice; two spellings are one person.
    key = email.lower()
    if key in seen:
        return RejectedRow(line, f"duplicate of line {seen[key]}", raw_email)
    first_name = _cell(cells, columns, "first_name") or None
    if first_name is not None and len(first_name) > MAX_FIRST_NAME_LENGTH:
        return RejectedRow(line, f"first_name longer than {MAX_FIRST_NAME_LENGTH} characters", raw_email)
    topics = _topics(_cell(cells, columns, "topics"))
    unknown = [topic for topic in topics if topic not in known_topics]
    if unknown:
        return RejectedRow(line, f"unknown topic: {', '.join(unknown)}", raw_email)
    seen[key] = line
    return AcceptedRow(line, email, first_name, topics or default_topics)


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    """Return a stripped cell by column name, or '' when the column or cell is absent."""
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _topics(value: str) -> tuple[str, ...]:
    """Split a topics cell into unique lowercase slugs, keeping their order."""
    slugs = (part.strip().lower() for part in value.split(TOPIC_SEPARATOR))
    return tuple(dict.fromkeys(slug for slug in slugs if slug))
