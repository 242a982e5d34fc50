"""PHQ-9, GAD-7 and EPDS as data: scoring keys, bands and where their wording lives."""

from __future__ import annotations

from dataclasses import dataclass

from services.leads.catalogue import Catalogue

# Scores of the options, in the order each instrument prints them.
_FORWARD = (0, 1, 2, 3)
_REVERSE = (3, 2, 1, 0)


@dataclass(frozen=True)
class Instrument:
    """One published questionnaire: its items' option scores and severity bands."""

    id: str
    label: str
    version: str
    option_scores: tuple[tuple[int, ...], ...]
    bands: tuple[tuple[int, str], ...] = ()
    options_per_item: bool = False
    stem_variants: tuple[str, ...] = ("",)

    @property
    def item_count(self) -> int:
        """Number of items, each of which must be answered."""
        return len(self.option_scores)

    @property
    def max_total(self) -> int:
        """Highest total the instrument can reach."""
        return sum(max(scores) for scores in self.option_scores)

    def severity(self, total: int) -> str:
        """Name the band a total falls in (bands are listed by their lowest total)."""
        band = self.bands[0][1]
        for lowest, name in self.bands:
            if total >= lowest:
                band = name
        return band

    def stem_key(self, variant: str = "") -> str:
        """Catalogue key of the stem; EPDS has a "partner" variant."""
        return f"instruments.{self.id}.stem" + (f"_{variant}" if variant else "")

    def item_key(self, number: int) -> str:
        """Catalogue key of item `number` (1-based) wording."""
        suffix = ".text" if self.options_per_item else ""
        return f"instruments.{self.id}.items.{number}{suffix}"

    def option_key(self, number: int, position: int) -> str:
        """Catalogue key of option `position` (0-based) of item `number` (1-based)."""
        if self.options_per_item:
            return f"instruments.{self.id}.items.{number}.options.{position}"
        return f"instruments.{self.id}.options.{position}"

    def text_keys(self) -> list[str]:
        """Every catalogue key this instrument's page needs."""
        keys = [f"instruments.{self.id}.name", f"instruments.{self.id}.attribution"]
        keys.extend(self.stem_key(variant) for variant in self.stem_variants)
        for number, scores in enumerate(self.option_scores, start=1):
            keys.append(self.item_key(number))
            keys.extend(self.option_key(number, pos) for pos in range(len(scores)))
        return keys

    def worded(self, catalogue: Catalogue, variant: str = "") -> WordedInstrument:
        """Return the instrument with its wording, ready to show."""
        items = tuple(
            WordedItem(
                number=number,
                text=catalogue.t(self.item_key(number)),
                options=tuple(catalogue.t(self.option_key(number, pos)) for pos in range(len(scores))),
            )
            for number, scores in enumerate(self.option_scores, start=1)
        )
        return WordedInstrument(
            id=self.id,
            version=self.version,
            name=catalogue.t(f"instruments.{self.id}.name"),
            stem=catalogue.t(self.stem_key(variant)),
            items=items,
            attribution=catalogue.t(f"instruments.{self.id}.attribution"),
        )


@dataclass(frozen=True)
class WordedItem:
    """An item as the visitor sees it: options in printed order."""

    number: int
    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class WordedInstrument:
    """An instrument as the visitor sees it."""

    id: str
    version: str
    name: str
    stem: str
    items: tuple[WordedItem, ...]
    attribution: str


PHQ9 = Instrument(
    id="phq9",
    label="PHQ-9",
    version="phq9-en-v1",
    option_scores=(_FORWARD,) * 9,
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately_severe"), (20, "severe")),
)
GAD7 = Instrument(
    id="gad7",
    label="GAD-7",
    version="gad7-en-v1",
    option_scores=(_FORWARD,) * 7,
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
)
# Items 1, 2 and 4 score as printed; items 3 and 5-10 are reverse-scored (Cox et al. 1987).
EPDS = Instrument(
    id="epds",
    label="EPDS",
    version="epds-en-v1",
    option_scores=(_FORWARD, _FORWARD, _REVERSE, _FORWARD) + (_REVERSE,) * 6,
    options_per_item=True,
    stem_variants=("", "partner"),
)
EPDS_POSSIBLE_DEPRESSION = 10
EPDS_PROBABLE_DEPRESSION = 13
EPDS_ANXIETY_ITEMS = (3, 4, 5)

INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (PHQ9, GAD7, EPDS)}
