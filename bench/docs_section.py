"""Each benchmark's own section of docs/benchmarks.md, between `<!-- name:start -->` and `<!-- name:end -->`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"


def wrap_section(name: str, body: str) -> str:
    """Put `body` between the section's start and end markers."""
    return f"<!-- {name}:start -->\n{body}\n<!-- {name}:end -->"


def write_section(name: str, section: str, doc: Path = DOC) -> None:
    """Replace (or append) the named section of the document, keeping every other section."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    doc.parent.mkdir(parents=True, exist_ok=True)
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def publish(name: str, body: str, *, write: bool, doc: Path = DOC) -> str:
    """Print the named section and, when asked, record it in the document; return the section."""
    section = wrap_section(name, body)
    print(section)
    if write:
        write_section(name, section, doc)
        print(f"written to {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}")
    return section
