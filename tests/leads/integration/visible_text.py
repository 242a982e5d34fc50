"""The text a person sees on a page: no tags, no attribute values, no hidden form values."""

from __future__ import annotations

from html.parser import HTMLParser

_INVISIBLE = {"script", "style", "title", "head"}


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the page's visible text with whitespace collapsed."""
    parser = _TextOnly()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
