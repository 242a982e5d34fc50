"""The one error the assessment domain raises for input it cannot accept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from services.leads.catalogue import Catalogue

# Each code names the catalogue text `errors.<code>`.
ERROR_CODES = frozenset(
    {
        "answer_count",
        "answer_range",
        "answers_missing",
        "answers_not_list",
        "epds_required",
        "unknown_instrument",
        "unknown_history",
        "state_unknown",
        "zip_format",
        "zip_state_mismatch",
        "zip_unknown",
        "date_of_birth_future",
        "date_of_birth_implausible",
    }
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: a catalogue error code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")

    def message(self, catalogue: Catalogue) -> str:
        """Render the problem in the catalogue's language."""
        return catalogue.t(f"errors.{self.code}", **self.params)


class InvalidAnswers(ValueError):
    """Submission values the domain rejects, keyed by field path (e.g. "instruments.phq9.3")."""

    def __init__(self, problems: Mapping[str, list[Problem]]) -> None:
        self.problems = MappingProxyType({path: list(found) for path, found in problems.items()})
        super().__init__(f"invalid fields: {', '.join(sorted(self.problems))}")

    @classmethod
    def one(cls, path: str, code: str, **params: Any) -> InvalidAnswers:
        """Build the error for a single problem at `path`."""
        return cls({path: [Problem(code, params)]})

    @classmethod
    def merge(cls, errors: list[InvalidAnswers]) -> InvalidAnswers:
        """Combine several errors into one, keeping every problem."""
        merged: dict[str, list[Problem]] = {}
        for error in errors:
            for path, found in error.problems.items():
                merged.setdefault(path, []).extend(found)
        return cls(merged)

    @property
    def codes(self) -> dict[str, list[str]]:
        """Machine codes per field path, for tests and logs (no visitor data inside)."""
        return {path: [p.code for p in found] for path, found in self.problems.items()}

    def messages(self, catalogue: Catalogue | None = None) -> dict[str, list[str]]:
        """Visitor-facing messages per field path (English unless a catalogue is given)."""
        catalogue = catalogue or Catalogue.load("en")
        return {path: [p.message(catalogue) for p in found] for path, found in self.problems.items()}
