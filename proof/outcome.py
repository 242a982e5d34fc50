"""What one proof found: its figures for docs/reliability.md and any promise it saw broken."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """The figures of one proof (label, value) and the promises it saw broken, in words."""

    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def figure(self, label: str, value: object) -> None:
        """Record one figure."""
        self.figures.append((label, str(value)))

    def check(self, held: bool, promise: str) -> None:
        """Record `promise` as broken unless it `held`."""
        if not held:
            self.broken.append(promise)

    @property
    def held(self) -> bool:
        """Whether every promise held."""
        return not self.broken
