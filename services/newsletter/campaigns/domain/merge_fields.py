"""Merge fields in a campaign's subject, preheader and body, filled per recipient by substitution only.

The one syntax is ``{{ first_name | fallback: "there" }}``: a field name from ``FIELDS`` and, after
``| fallback:``, a quoted text used when the subscriber has no value. ``first_name`` needs a fallback
(many subscribers never gave one); ``email`` always has a value. Anything else between or around
double braces (an unknown field, a misspelt fallback, a lone ``{{`` or ``}}``) is refused with the
field's name, so a literal ``{{…}}`` can never reach an inbox.

Nothing is evaluated: each field becomes a token (``-merge0-``) before Markdown is rendered; the
HTML part then carries ``-merge0h-`` (filled with the HTML-escaped value) and the subject and text
part ``-merge0t-`` (filled with the plain value), as SendGrid substitutions or by ``fill``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from services.kit.clean_text import SPACES

# What the newsletter holds about a person that may appear in a mail; never anything about health.
FIELDS: dict[str, bool] = {"first_name": True, "email": False}  # name → needs a fallback
MAX_FALLBACK_LENGTH = 60
_FIELD = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_INSIDE = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*fallback\s*:\s*"([^"{}\r\n]*)"\s*)?$')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SYNTAX_HINT = 'Write merge fields as {{ first_name | fallback: "there" }} or {{ email }}.'


def merge_text_pattern(refused: str, blank: str, *, visible: bool = False) -> str:
    """A pattern for text whose double braces are all merge fields, without the `refused` characters.

    `blank` are the spaces allowed around a field's parts, and `visible` asks for one character that is
    not one of the kit's spaces. Every `{{` starts a field and no field holds a brace, so each text is
    read one way only, as `find_fields` reads it; like it, the pattern refuses the `}}` two lone braces
    make once the fields between them are taken out.
    """
    gap = f"[{blank}]*"
    fallback = f'\\|{gap}fallback{gap}:{gap}"[^"{{}}\\r\\n{refused}]{{0,{MAX_FALLBACK_LENGTH}}}"{gap}'
    field = f"\\{{\\{{{gap}(?:email{gap}(?:{fallback})?|first_name{gap}{fallback})\\}}\\}}"
    # A lone brace may not meet another one, even across the fields between them ("}{{ email }}}").
    item = f"(?:[^{{}}{refused}]|\\{{(?!\\{{)|\\}}(?!\\}}|(?:{field})+\\}})|{field})"
    ahead = f"(?=[{SPACES}]*[^{SPACES}])" if visible else ""
    return f"^{ahead}{item}*$"


class MergeFieldError(ValueError):
    """A merge field is unknown or malformed; ``message`` says which and how to write it."""


@dataclass(frozen=True)
class MergeField:
    """One distinct field-and-fallback pair used in a campaign."""

    name: str
    fallback: str

    def value(self, person: Mapping[str, str | None]) -> str:
        """Return the person's value for this field, or the fallback when they have none."""
        raw = _CONTROL.sub(" ", (person.get(self.name) or "")).strip()
        return raw or self.fallback


def _parse_one(inside: str) -> MergeField:
    """Read the text between one pair of double braces; raise MergeFieldError."""
    match = _INSIDE.match(inside)
    if match is None:
        raise MergeFieldError(f"{{{{{inside}}}}} is not a merge field. {SYNTAX_HINT}")
    name, fallback = match.group(1), match.group(2)
    if name not in FIELDS:
        allowed = ", ".join(FIELDS)
        raise MergeFieldError(f"{{{{{inside}}}}} uses an unknown field {name!r}; the fields are: {allowed}.")
    if fallback is None and FIELDS[name]:
        raise MergeFieldError(
            f"{{{{{inside}}}}} needs a fallback for people without a {name.replace('_', ' ')}, "
            f'e.g. {{{{ {name} | fallback: "there" }}}}.'
        )
    if fallback is not None and len(fallback) > MAX_FALLBACK_LENGTH:
        raise MergeFieldError(f"The fallback of {{{{{inside}}}}} must be at most {MAX_FALLBACK_LENGTH} characters.")
    return MergeField(name, (fallback or "").strip())


def find_fields(text: str) -> list[MergeField]:
    """Return the merge fields of `text` in order (repeats included); raise MergeFieldError."""
    found = [_parse_one(m.group(1)) for m in _FIELD.finditer(text)]
    rest = _FIELD.sub("", text)
    if "{{" in rest or "}}" in rest:
        raise MergeFieldError(f"Unbalanced braces: every {{{{ needs its }}}}. {SYNTAX_HINT}")
    return found


def catalogue(*texts: str) -> tuple[MergeField, ...]:
    """Return the distinct merge fields of the texts, numbered by first appearance."""
    return tuple(dict.fromkeys(f for text in texts for f in find_fields(text)))


def to_tokens(text: str, fields: Sequence[MergeField]) -> str:
    """Replace each merge field of `text` with its neutral token ``-mergeN-``."""
    index = {f: i for i, f in enumerate(fields)}
    return _FIELD.sub(lambda m: f"-merge{index[_parse_one(m.group(1))]}-", text)


def for_part(rendered: str, count: int, part: str) -> str:
    """Turn neutral tokens into the HTML (``h``) or text (``t``) part's own tokens."""
    for i in range(count):
        rendered = rendered.replace(f"-merge{i}-", f"-merge{i}{part}-")
    return rendered


def substitutions(fields: Sequence[MergeField], person: Mapping[str, str | None]) -> dict[str, str]:
    """Return one recipient's values keyed by token: HTML-escaped for the HTML part, plain for the rest."""
    values: dict[str, str] = {}
    for i, f in enumerate(fields):
        value = f.value(person)
        values[f"-merge{i}h-"] = escape(value, quote=True)
        values[f"-merge{i}t-"] = value
    return values


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each token of `values` in `text` with its value."""
    for token, value in values.items():
        text = text.replace(token, value)
    return text
