"""Screen free text for crisis language with the medical director's versioned phrase list (pure: no I/O per call).

The list lives beside the eligibility rules (`assessments/domain/rules/crisis-phrases-v*.json`); how it matches
and what it leaves alone on purpose is written in the file itself, so the clinic can read and change it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HIGH = "high"
ELEVATED = "elevated"
TIERS = (HIGH, ELEVATED)
DEFAULT_VERSION = "crisis-phrases-v1"
_RULES_DIR = Path(__file__).resolve().parents[1] / "assessments" / "domain" / "rules"
_VERSION = re.compile(r"^crisis-phrases-v\d+$")
# Apostrophes and curly quotes inside a word are dropped (don't, don’t -> dont), so contractions match one way.
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’‘ʼ`´](?=\w)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class PhraseListError(ValueError):
    """A phrase list is missing or does not have the expected shape."""


@dataclass(frozen=True)
class Phrase:
    """One kind of crisis language: its id, its tier and the patterns that find it."""

    id: str
    tier: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class PhraseList:
    """One version of the crisis phrase list."""

    version: str
    owner: str
    language: str
    exclusions: tuple[re.Pattern[str], ...]
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class CrisisMatch:
    """What the screening found: the highest tier, which phrases, and under which list version."""

    tier: str
    phrase_ids: tuple[str, ...]
    version: str

    @property
    def queue_rank(self) -> int:
        """The lead's queue rank for this tier (0 high, 1 elevated), as the assessment path sets it."""
        return 0 if self.tier == HIGH else 1


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, apostrophes inside words dropped."""
    return " ".join(_NOT_WORD.split(_INNER_APOSTROPHE.sub("", text.lower()))).strip()


def screen(texts: Iterable[str | None], phrase_list: PhraseList | None = None) -> CrisisMatch | None:
    """Screen one or more free texts; return the match (highest tier wins) or None."""
    phrase_list = phrase_list or load_phrase_list()
    found: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        normal = normalise(text)
        for exclusion in phrase_list.exclusions:
            normal = exclusion.sub(" | ", normal)  # a bar never matches a word, so nothing spans the gap
        for phrase in phrase_list.phrases:
            if phrase.id not in found and any(p.search(normal) for p in phrase.patterns):
                found[phrase.id] = phrase.tier
    if not found:
        return None
    tier = HIGH if HIGH in found.values() else ELEVATED
    return CrisisMatch(tier=tier, phrase_ids=tuple(found), version=phrase_list.version)


@lru_cache(maxsize=4)
def load_phrase_list(version: str = DEFAULT_VERSION) -> PhraseList:
    """Read and compile one version of the phrase list (once per process)."""
    if not _VERSION.match(version):
        raise PhraseListError(f"not a phrase list version: {version!r}")
    path = _RULES_DIR / f"{version}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        phrases = tuple(
            Phrase(id=p["id"], tier=p["tier"], patterns=tuple(re.compile(x) for x in p["patterns"]))
            for p in data["phrases"]
        )
        exclusions = tuple(re.compile(e["pattern"]) for e in data.get("exclusions", ()))
    except (OSError, KeyError, TypeError, re.error, json.JSONDecodeError) as error:
        raise PhraseListError(f"{path.name}: {error}") from error
    bad = [p.id for p in phrases if p.tier not in TIERS]
    if data.get("version") != version or bad or not phrases:
        raise PhraseListError(f"{path.name}: wrong version, no phrases, or unknown tiers {bad}")
    return PhraseList(
        version=version, owner=data["owner"], language=data["language"], exclusions=exclusions, phrases=phrases
    )
