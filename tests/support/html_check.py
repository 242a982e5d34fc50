"""A strict HTML check for our own pages: every element closed in order, no duplicate ids, no broken anchors."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# A <p> closes itself before these in a browser, so one written inside a <p> is an authoring error.
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "div",
        "dl",
        "fieldset",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    }
)


class StrictHtml(HTMLParser):
    """Collect what a forgiving browser would silently repair."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.fragments: set[str] = set()
        self.doctype = False
        self.h1 = 0

    def handle_decl(self, decl: str) -> None:
        """Note the doctype."""
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check attributes and nesting of an opening tag."""
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"<{tag}> repeats an attribute: {names}")
        values = dict(attrs)
        if values.get("id"):
            if values["id"] in self.ids:
                self.problems.append(f"duplicate id {values['id']!r}")
            self.ids.add(values["id"] or "")
        href = values.get("href") or ""
        if href.startswith("#") and len(href) > 1:
            self.fragments.add(href[1:])
        if tag in BLOCKS and "p" in self.stack:
            self.problems.append(f"<{tag}> inside <p>")
        if tag == "a" and "a" in self.stack:
            self.problems.append("<a> inside <a>")
        self.h1 += tag == "h1"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Treat <br/> like <br>, and refuse self-closing non-void elements."""
        if tag not in VOID:
            self.problems.append(f"<{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        """Refuse an end tag that does not close the innermost open element."""
        if tag in VOID:
            self.problems.append(f"</{tag}> closes a void element")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> while {self.stack[-1:] or 'nothing'} is open")
            if tag in self.stack:
                del self.stack[self.stack.index(tag) :]
        else:
            self.stack.pop()


def html_problems(page: str) -> list[str]:
    """List every problem in a whole page; an empty list means it is well formed."""
    parser = StrictHtml()
    parser.feed(page)
    parser.close()
    problems = list(parser.problems)
    if not parser.doctype:
        problems.append("no <!doctype html>")
    if parser.stack:
        problems.append(f"left open: {parser.stack}")
    if parser.h1 != 1:
        problems.append(f"{parser.h1} <h1> elements instead of one")
    problems += [f"link to missing #{fragment}" for fragment in sorted(parser.fragments - parser.ids)]
    return problems
