"""Reading a subscriber CSV into accepted and rejected rows."""

from __future__ import annotations

import io

import pytest

from services.newsletter.subscriber_domain.csv_import import (
    AcceptedRow,
    CsvHeaderError,
    RejectedRow,
    collect,
    normalize_email,
    parse_subscriber_csv,
)

CSV = """\ufeffEmail,First_Name,Topics,notes
 Ana@EXAMPLE.com ,Ana,postpartum; research_news,vip
bob@example.com,,,
not-an-email,Carl,,
ana@example.com,Ana again,,
dee@example.com,Dee,dogs;postpartum,

eve@example.com,"Eve, M.",CLINIC_UPDATES;clinic_updates,
,NoEmail,,
"fay@example.com","Fay
Line",,
gus@example.com,Gus,research_news,
"""


def parse(text: str, **options) -> list[AcceptedRow | RejectedRow]:
    """Parse CSV text into a list of row results."""
    return list(parse_subscriber_csv(io.StringIO(text), **options))


def test_good_rows_are_accepted_with_normalised_fields():
    """Emails are stripped with lowercase domains, names kept, topics split and deduplicated."""
    summary = collect(parse(CSV))
    assert summary.accepted == [
        AcceptedRow(2, "Ana@example.com", "Ana", ("postpartum", "research_news")),
        AcceptedRow(3, "bob@example.com", None, ()),
        AcceptedRow(8, "eve@example.com", "Eve, M.", ("clinic_updates",)),
        AcceptedRow(10, "fay@example.com", "Fay\nLine", ()),
        AcceptedRow(12, "gus@example.com", "Gus", ("research_news",)),
    ]


def test_bad_rows_are_rejected_with_line_and_reason():
    """Bad email, duplicate, unknown topic and missing email are each reported on their line."""
    rejected = collect(parse(CSV)).rejected
    assert [(row.line, row.email) for row in rejected] == [
        (4, "not-an-email"),
        (5, "ana@example.com"),
        (6, "dee@example.com"),
        (9, ""),
    ]
    reasons = [row.reason for row in rejected]
    assert reasons[0].startswith("invalid email")
    assert reasons[1] == "duplicate of line 2"
    assert reasons[2] == "unknown topic: dogs"
    assert reasons[3] == "missing email"


def test_rows_are_yielded_one_at_a_time():
    """The parser is a generator, so progress can be shown while a file is read."""
    rows = parse_subscriber_csv(io.StringIO(CSV))
    assert next(rows) == AcceptedRow(2, "Ana@example.com", "Ana", ("postpartum", "research_news"))
    assert isinstance(next(rows), AcceptedRow)


def test_default_topics_fill_empty_topic_cells():
    """A row without topics gets the caller's default topics."""
    rows = parse("email\nzoe@example.com\n", default_topics=("clinic_updates",))
    assert rows == [AcceptedRow(2, "zoe@example.com", None, ("clinic_updates",))]


def test_an_overlong_first_name_is_rejected():
    """First names over 100 characters are refused rather than truncated."""
    [row] = parse(f"email,first_name\nlong@example.com,{'x' * 101}\n")
    assert isinstance(row, RejectedRow) and "first_name" in row.reason


@pytest.mark.parametrize("text", ["", "name,topics\nAna,postpartum\n"])
def test_a_file_without_an_email_column_is_refused(text):
    """An empty file or one without an email header cannot be imported."""
    with pytest.raises(CsvHeaderError):
        parse(text)


def test_normalize_email_lowercases_only_the_domain():
    """The domain is lowercased and whitespace stripped; a bad address raises ValueError."""
    assert normalize_email("  Ana.Diaz@Example.COM\t") == "Ana.Diaz@example.com"
    with pytest.raises(ValueError):
        normalize_email("ana@@example.com")
