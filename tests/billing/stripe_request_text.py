"""Find health words in what billing sent to the Stripe stand-in, looking only at text, never at Stripe's ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

from standins.stripe.app import create_app

HEALTH_WORDS = (
    "ketamine",
    "depress",
    "phq",
    "epds",
    "gad7",
    "suicid",
    "eligib",
    "assessment",
    "sertraline",
    "psychosis",
    "bipolar",
    "perinatal",
    "pregnan",
    "breastfeed",
    "likely_",
    "safety",
)
# A word starts after anything but a letter or digit, so `likely_eligible` and `PHQ-9` count but the
# random tail of an id such as `cs_test_…ePhq9…` does not.
_HEALTH = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(word) for word in HEALTH_WORDS) + ")")
# Parameters whose values are ids Stripe made up: random characters that may spell anything.
STRIPE_ID_PARAMS = frozenset(
    {
        "customer",
        "subscription",
        "price",
        "invoice",
        "payment_method",
        "default_payment_method",
        "configuration",
        "starting_after",
        "ending_before",
    }
)


@cache
def _routes() -> MapAdapter:
    """The stand-in's own routes, to tell a path's fixed words from the ids in it."""
    return create_app({}).url_map.bind("stripe.invalid")


def _path_words(method: str, path: str) -> str:
    """The path without the ids its route takes; an unknown path is all text."""
    try:
        _, arguments = _routes().match(path, method=method)
    except HTTPException:
        return path
    ids = {str(value) for value in arguments.values()}
    return "/".join(segment for segment in path.split("/") if segment not in ids)


def _param_texts(value: Any) -> Iterator[str]:
    """Every key, and every value that is not one of Stripe's ids, of decoded form parameters."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            if key not in STRIPE_ID_PARAMS:
                yield from _param_texts(inner)
    elif isinstance(value, list):
        for item in value:
            yield from _param_texts(item)
    elif value is not None:
        yield str(value)


def request_texts(call: dict[str, Any]) -> list[str]:
    """The texts one recorded call carried: its path's fixed parts, its parameters and its idempotency key."""
    texts = [_path_words(call["method"], call["path"]), *_param_texts(call.get("params") or {})]
    return texts + ([call["idempotency_key"]] if call.get("idempotency_key") else [])


def health_words_in(call: dict[str, Any]) -> list[str]:
    """The health words found in one recorded call's texts, in the order they appear."""
    return [match.group() for text in request_texts(call) for match in _HEALTH.finditer(text.lower())]
