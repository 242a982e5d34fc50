"""Debian's Chromium driven by Playwright, as every browser test launches it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Start headless Chromium from the system package (never a downloaded build)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def origins(urls: Iterable[str]) -> set[str]:
    """The scheme://host:port of every URL, to prove a page talked to no other origin."""
    return {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in urls}
