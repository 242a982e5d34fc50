"""The landing page a visit started on, as the funnel groups it: a site path without query or fragment."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LENGTH = 300
# Our own paths only: letters, digits and the few marks our addresses use.
PATH = re.compile(r"^/[A-Za-z0-9/._~-]*$")
# A clean landing path as a document states it: those marks, segments parted by single slashes.
CLEAN_PATH_PATTERN = r"^/(?:[A-Za-z0-9._~-]+/)*[A-Za-z0-9._~-]*$"


def landing_path(value: str) -> str | None:
    """The path of a landing address ("/resources/x?utm_source=y" gives "/resources/x"); None if not ours."""
    path = urlsplit(value.strip()).path if value else ""
    if not path or not PATH.match(path) or len(path) > MAX_LENGTH or "//" in path:
        return None
    return path


def is_landing_path(value: str) -> bool:
    """Tell whether a value is already a clean landing path such as /resources/ketamine-and-breastfeeding."""
    return landing_path(value) == value
