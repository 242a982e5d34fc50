"""The search and sharing essentials of a public page, as Lighthouse's SEO audit and link previews read them."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class HeadReader(HTMLParser):
    """Collect the title, meta tags, canonical link, JSON-LD blocks and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.h1 = 0
        self._in: str | None = None
        self._link: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note the tags that matter for search and sharing."""
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title":
            self._in = "title"
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a.get("property", "")] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href", ""))
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "json"
            self.json_ld.append("")
        elif tag == "a":
            self._link = [a.get("href", ""), ""]
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag: str) -> None:
        """Close the text being collected."""
        if tag in ("title", "script"):
            self._in = None
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data: str) -> None:
        """Collect the text of the title, a JSON-LD block or a link."""
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld[-1] += data
        if self._link is not None:
            self._link[1] += data


def seo_problems(html: str, canonical: str, *, structured: bool = True) -> list[str]:
    """What a search engine or link preview would find missing or wrong; empty when the page is right."""
    page = HeadReader()
    page.feed(html)
    problems = []
    if page.lang != "en":
        problems.append(f"html lang is {page.lang!r}")
    if not 10 <= len(page.title.strip()) <= 90:
        problems.append(f"title {page.title!r} is missing or too long")
    if not 50 <= len(page.meta.get("description", "")) <= 300:
        problems.append("meta description missing or not 50–300 characters")
    if "width=device-width" not in page.meta.get("viewport", ""):
        problems.append("no mobile viewport")
    if page.canonical != [canonical]:
        problems.append(f"canonical {page.canonical} is not [{canonical!r}]")
    for key in ("og:title", "og:description", "og:type", "og:site_name"):
        if not page.meta.get(key):
            problems.append(f"{key} missing")
    if page.meta.get("og:url") != canonical:
        problems.append("og:url is not the canonical address")
    if page.h1 != 1:
        problems.append(f"{page.h1} h1 headings")
    if structured and not page.json_ld:
        problems.append("no JSON-LD")
    for block in page.json_ld:
        try:
            data = json.loads(block)
        except ValueError:
            problems.append("JSON-LD does not parse")
            continue
        if data.get("@context") != "https://schema.org" or not data.get("@type"):
            problems.append(f"JSON-LD without schema.org @context and @type: {block[:80]}")
    for href, text in page.links:
        if not href or href == "#" or href.startswith("javascript:"):
            problems.append(f"link {text!r} cannot be crawled ({href!r})")
        if not text:
            problems.append(f"link to {href!r} has no text")
    return problems


def json_ld(html: str) -> list[dict[str, Any]]:
    """Every JSON-LD block of a page, parsed."""
    page = HeadReader()
    page.feed(html)
    return [json.loads(block) for block in page.json_ld]
