"""Stripe's list object with `limit`, `starting_after` and `ending_before` paging."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import invalid
from .expansion import expand
from .formdata import as_int, as_list, as_str
from .store import Store


def page(store: Store, objects: list[dict[str, Any]], url: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Return one page of `objects` (already newest first) as a list object."""
    limit = as_int(params, "limit", 10)
    assert limit is not None
    if not 1 <= limit <= 100:
        raise invalid("limit", "Invalid limit: must be between 1 and 100", "parameter_invalid_integer")
    after, before = as_str(params, "starting_after"), as_str(params, "ending_before")
    ids = [obj["id"] for obj in objects]
    for name, cursor in (("starting_after", after), ("ending_before", before)):
        if cursor and cursor not in ids:
            raise invalid(name, f"No such object: '{cursor}'", "resource_missing")
    if after:
        chosen = objects[ids.index(after) + 1 :][:limit]
        has_more = ids.index(after) + 1 + limit < len(objects)
    elif before:
        end = ids.index(before)
        chosen = objects[max(0, end - limit) : end]
        has_more = end - limit > 0
    else:
        chosen, has_more = objects[:limit], len(objects) > limit
    paths = [
        path[len("data.") :] for path in as_list(params, "expand") if isinstance(path, str) and path.startswith("data.")
    ]
    return {"object": "list", "data": [expand(store, obj, paths) for obj in chosen], "has_more": has_more, "url": url}
