"""What search engines and link previews read about a public page: description, canonical address, Open Graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageMeta:
    """The head tags of one public page; `path` is made absolute with PUBLIC_URL in the template."""

    title: str
    description: str
    path: str
    og_type: str = "website"
    structured: tuple[dict[str, Any], ...] = field(default=())
