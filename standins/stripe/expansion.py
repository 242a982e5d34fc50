"""Stripe's `expand[]`: replace id strings with the objects they name, along dotted paths."""

from __future__ import annotations

import copy
from typing import Any

from .errors import invalid
from .store import Store

MAX_DEPTH = 4


def _expand_path(store: Store, node: Any, parts: list[str], full: str) -> Any:
    """Expand one dotted path inside `node` and return the new node."""
    if not parts or node is None:
        return node
    if isinstance(node, list):
        return [_expand_path(store, element, parts, full) for element in node]
    if not isinstance(node, dict) or parts[0] not in node:
        raise invalid("expand", f"This property cannot be expanded ({full}).")
    head, rest = parts[0], parts[1:]
    value = node[head]
    if isinstance(value, str):
        found = store.find_any(value)
        if found is None:
            raise invalid("expand", f"This property cannot be expanded ({full}).")
        value = copy.deepcopy(found)
    node[head] = _expand_path(store, value, rest, full)
    return node


def expand(store: Store, obj: dict[str, Any], paths: list[Any]) -> dict[str, Any]:
    """Return a copy of `obj` with every requested path expanded."""
    result = copy.deepcopy(obj)
    for path in paths:
        if not isinstance(path, str) or not path:
            raise invalid("expand", "expand must be an array of strings.")
        parts = path.split(".")
        if len(parts) > MAX_DEPTH:
            raise invalid("expand", f"You cannot expand more than {MAX_DEPTH} levels of a property ({path}).")
        result = _expand_path(store, result, parts, path)
    return result
