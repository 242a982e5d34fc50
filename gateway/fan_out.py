"""Ask every upstream the same question at once, with a short timeout, and collect what each said."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests


@dataclass(frozen=True)
class Fetched:
    """One upstream's answer: its status and JSON body, or why there was none."""

    status_code: int | None
    body: Any = None
    error: str | None = None


def fetch_json(
    session: requests.Session,
    url: str,
    timeout: float,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    body: Any = None,
) -> Fetched:
    """Send `method` to `url` (GET by default, `body` as JSON) and parse the JSON answer."""
    try:
        answer = session.request(
            method, url, json=body, headers=headers, timeout=(timeout, timeout), allow_redirects=False
        )
    except requests.Timeout:
        return Fetched(None, error="timed out")
    except requests.RequestException as exc:
        return Fetched(None, error=f"unreachable ({type(exc).__name__})")
    try:
        return Fetched(answer.status_code, answer.json())
    except ValueError:
        return Fetched(answer.status_code, error="answered without JSON")


def fetch_json_all(
    session: requests.Session, urls: dict[str, str], timeout: float, headers: dict[str, str] | None = None
) -> dict[str, Fetched]:
    """GET each named URL concurrently; the slowest bounds the wait, not the sum."""
    with ThreadPoolExecutor(max_workers=max(1, len(urls))) as pool:
        futures = {name: pool.submit(fetch_json, session, url, timeout, headers) for name, url in urls.items()}
        return {name: future.result() for name, future in futures.items()}


def build_session() -> requests.Session:
    """Make a session for the gateway's own look-ups: it keeps no cookies and ignores proxy settings."""
    session = requests.Session()
    session.trust_env = False
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session
