"""An article's Markdown body to safe HTML: the legal documents' renderer, then an allow-list sanitiser."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markupsafe import Markup

from gateway.resource_library import Article
from services.kit.legal_rendering import markdown_renderer

TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}


@lru_cache(maxsize=64)
def article_html(article: Article) -> Markup:
    """Render an article once (articles are immutable); raw HTML in the file is escaped, then sanitised again."""
    html = markdown_renderer().render(article.body)
    # External references open as ordinary links; nh3 adds rel="noopener noreferrer" to every link.
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "http", "tel", "mailto"}))  # noqa: S704
