"""Decode Stripe's form encoding (`a[b][0]=x`) and read typed values from it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import invalid, missing, unknown

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def _split_key(key: str) -> list[str]:
    """Split `a[b][0]` into `["a", "b", "0"]`; `[]` becomes an empty segment."""
    head, _, rest = key.partition("[")
    if not rest:
        return [head]
    tail = "[" + rest
    segments = _SEGMENT.findall(tail)
    if "".join(f"[{s}]" for s in segments) != tail or not head:
        raise invalid(key, f"Invalid parameter name: {key}")
    return [head, *segments]


def _listify(node: Any) -> Any:
    """Turn dicts whose keys are all indexes into lists, recursively."""
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def decode(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Build nested params from form pairs the way Stripe's API reads them."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = _split_key(key)
        node = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if part == "":
                part = str(sum(1 for k in node if k.isdigit()))
            if last:
                if isinstance(node.get(part), dict):
                    raise invalid(key, f"Invalid parameter: {key} is both a value and a hash")
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise invalid(key, f"Invalid parameter: {key} is both a value and a hash")
                node = child
    return _listify(root)


def only(params: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse any top-level parameter the endpoint does not take, as Stripe does."""
    accepted = set(allowed) | {"expand"}
    for key in params:
        if key not in accepted:
            raise unknown(key)


def required(params: Mapping[str, Any], name: str) -> Any:
    """Return a parameter that must be present and non-empty."""
    value = params.get(name)
    if value in (None, "", {}, []):
        raise missing(name)
    return value


def required_str(params: Mapping[str, Any], name: str) -> str:
    """Return a string parameter that must be present and non-empty."""
    value = required(params, name)
    if not isinstance(value, str):
        raise invalid(name, f"Invalid string: {name} must be a string")
    return value


def as_bool(params: Mapping[str, Any], name: str, default: bool | None = None) -> bool | None:
    """Read `true`/`false` as Stripe does."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid(name, f"Invalid boolean: {value}", "parameter_invalid_boolean")


def as_int(params: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    """Read a whole number parameter."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise invalid(name, f"Invalid integer: {value}", "parameter_invalid_integer")


def as_str(params: Mapping[str, Any], name: str, default: str | None = None) -> str | None:
    """Read a plain string parameter, refusing hashes and arrays."""
    value = params.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid(name, f"Invalid string: {name} must be a string")
    return value


def as_list(params: Mapping[str, Any], name: str) -> list[Any]:
    """Read an array parameter (`name[0]=...` or `name[]=...`)."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    raise invalid(name, f"Invalid array: {name} must be an array")


def metadata(
    params: Mapping[str, Any], name: str = "metadata", current: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Merge `metadata[key]=value` into the current metadata; an empty value unsets a key."""
    merged = dict(current or {})
    value = params.get(name)
    if value is None:
        return merged
    if value == "":
        return {}
    if not isinstance(value, dict) or any(not isinstance(v, str) for v in value.values()):
        raise invalid(name, f"Invalid hash: {name} must be a flat hash of strings")
    if len(value) > 50:
        raise invalid(name, "Metadata can have at most 50 keys.")
    for key, item in value.items():
        if len(key) > 40 or len(item) > 500:
            raise invalid(f"{name}[{key}]", "Metadata keys are at most 40 characters, values at most 500.")
        if item == "":
            merged.pop(key, None)
        else:
            merged[key] = item
    return merged
