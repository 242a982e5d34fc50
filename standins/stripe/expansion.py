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
    if isinstance(value, list):
        # Arrays of ids (an invoice's `discounts`, say) expand element by element.
        node[head] = [_expand_path(store, _found(store, v, full), rest, full) for v in value]
        return node
    node[head] = _expand_path(store, _found(store, value, full), rest, full)
    return node


def _found(store: Store, value: Any, full: str) -> Any:
    """Return the object an id string names (other values as they are), or refuse the expansion."""
    if not isinstance(value, str):
        return value
    found = store.find_any(value)
    if found is None:
        raise invalid("expand", f"This property cannot be expanded ({full}).")
    return copy.deepcopy(found)


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
