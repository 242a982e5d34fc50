"""The clinic's articles: Markdown files with front matter under content/resources/, checked when the app starts.

Authors and clinical reviewers are named as in the clinic profile, so every byline links to a clinician
the profile lists; a file naming anyone else, or missing a field, stops the app starting.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from services.kit.clinic_profile_model import Clinician, ClinicProfile

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "content" / "resources"
REQUIRED_KEYS = frozenset(
    {"title", "summary", "author", "reviewer", "published", "updated", "conditions", "references"}
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Adults read web health text at roughly this pace; the label rounds up to whole minutes.
WORDS_PER_MINUTE = 200


class ArticleError(ValueError):
    """An article file is malformed or names someone the clinic profile does not list."""


def slugify(text: str) -> str:
    """The address form of a name or label: "Dr. Avery Example" becomes "dr-avery-example"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Condition:
    """A condition articles are grouped by, with the label people read and its address form."""

    label: str

    @property
    def slug(self) -> str:
        """The condition's address form: postpartum-depression."""
        return slugify(self.label)

    @property
    def url(self) -> str:
        """The page listing the articles about this condition."""
        return f"/resources/conditions/{self.slug}"


@dataclass(frozen=True)
class Reference:
    """A public source an article draws on."""

    title: str
    publisher: str
    url: str
    year: str = ""


@dataclass(frozen=True)
class Article:
    """One article with its byline, review, dates and sources."""

    slug: str
    title: str
    summary: str
    author: Clinician
    reviewer: Clinician
    published: dt.date
    updated: dt.date
    conditions: tuple[Condition, ...]
    references: tuple[Reference, ...]
    body: str = field(repr=False)

    @property
    def url(self) -> str:
        """The article's address: /resources/<slug>."""
        return f"/resources/{self.slug}"

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body at an ordinary pace, at least one."""
        return max(1, math.ceil(len(re.findall(r"\w+", self.body)) / WORDS_PER_MINUTE))

    @property
    def published_label(self) -> str:
        """The publication date as people read it: December 1, 2026."""
        return date_label(self.published)

    @property
    def updated_label(self) -> str:
        """The date of the last review as people read it."""
        return date_label(self.updated)


def date_label(day: dt.date) -> str:
    """A date as people read it: December 1, 2026."""
    return f"{day:%B} {day.day}, {day.year}"


def author_url(person: Clinician) -> str:
    """The page listing what a clinician wrote and reviewed."""
    return f"/resources/authors/{slugify(person.name)}"


@dataclass(frozen=True)
class ResourceLibrary:
    """Every article, newest first, with lookups by address, condition and clinician."""

    articles: tuple[Article, ...]

    def article(self, slug: str) -> Article | None:
        """The article at /resources/<slug>, if there is one."""
        return next((article for article in self.articles if article.slug == slug), None)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition some article covers, in alphabetical order."""
        found = {condition for article in self.articles for condition in article.conditions}
        return tuple(sorted(found, key=lambda condition: condition.label))

    def condition(self, slug: str) -> Condition | None:
        """The condition with this address form, if any article covers it."""
        return next((condition for condition in self.conditions if condition.slug == slug), None)

    def about(self, condition: Condition) -> tuple[Article, ...]:
        """The articles covering a condition."""
        return tuple(article for article in self.articles if condition in article.conditions)

    def by(self, person: Clinician) -> tuple[Article, ...]:
        """The articles a clinician wrote or reviewed."""
        return tuple(article for article in self.articles if person in (article.author, article.reviewer))


def load_resource_library(profile: ClinicProfile, root: Path | None = None) -> ResourceLibrary:
    """Read every article under `root` (content/resources by default), newest first."""
    folder = root or DEFAULT_ROOT
    articles = [read_article(path, profile) for path in sorted(folder.glob("*.md"))]
    return ResourceLibrary(tuple(sorted(articles, key=lambda article: (article.published, article.slug), reverse=True)))


def read_article(path: Path, profile: ClinicProfile) -> Article:
    """Read one article file; raise ArticleError naming the file and what is wrong."""
    slug = path.stem
    if not SLUG.match(slug):
        raise ArticleError(f"{path.name}: the file name must be lower-case words joined by hyphens")
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        raise ArticleError(f"{path.name}: the file must start with front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ArticleError(f"{path.name}: the front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{path.name}: the front matter must be a mapping")
    missing = sorted(REQUIRED_KEYS - meta.keys())
    unknown = sorted(meta.keys() - REQUIRED_KEYS)
    if missing or unknown:
        raise ArticleError(f"{path.name}: missing {missing or 'nothing'}, unknown {unknown or 'nothing'}")
    published, updated = checked_date(path, meta, "published"), checked_date(path, meta, "updated")
    if updated < published:
        raise ArticleError(f"{path.name}: updated comes before published")
    return Article(
        slug=slug,
        title=checked_text(path, meta, "title"),
        summary=checked_text(path, meta, "summary"),
        author=clinician_named(path, profile, checked_text(path, meta, "author")),
        reviewer=clinician_named(path, profile, checked_text(path, meta, "reviewer")),
        published=published,
        updated=updated,
        conditions=tuple(Condition(label) for label in checked_list(path, meta, "conditions")),
        references=tuple(checked_reference(path, item) for item in meta["references"] or ()),
        body=match.group(2),
    )


def checked_text(path: Path, meta: dict[str, Any], key: str) -> str:
    """A non-empty text field."""
    value = meta[key]
    if not isinstance(value, str) or not value.strip():
        raise ArticleError(f"{path.name}: {key} must be text")
    return value.strip()


def checked_date(path: Path, meta: dict[str, Any], key: str) -> dt.date:
    """A date field written 2026-12-01."""
    value = meta[key]
    if not isinstance(value, dt.date):
        raise ArticleError(f"{path.name}: {key} must be a date written YYYY-MM-DD")
    return value


def checked_list(path: Path, meta: dict[str, Any], key: str) -> list[str]:
    """A non-empty list of texts."""
    value = meta[key]
    if not isinstance(value, list) or not value or not all(isinstance(item, str) and item.strip() for item in value):
        raise ArticleError(f"{path.name}: {key} must list at least one text")
    return [item.strip() for item in value]


def checked_reference(path: Path, item: Any) -> Reference:
    """One entry of the references list: title, publisher and an https address, the year optional."""
    if not isinstance(item, dict) or not {"title", "publisher", "url"} <= item.keys():
        raise ArticleError(f"{path.name}: each reference needs a title, a publisher and a url")
    if not str(item["url"]).startswith("https://"):
        raise ArticleError(f"{path.name}: reference addresses must start with https://")
    return Reference(str(item["title"]), str(item["publisher"]), str(item["url"]), str(item.get("year", "")))


def clinician_named(path: Path, profile: ClinicProfile, name: str) -> Clinician:
    """The profile's clinician with this name."""
    for person in profile.clinicians:
        if person.name == name:
            return person
    known = ", ".join(person.name for person in profile.clinicians)
    raise ArticleError(f"{path.name}: {name!r} is not a clinician in the clinic profile ({known})")
