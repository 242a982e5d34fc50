"""Map API error paths (contact.email, instruments.phq9.3) to the hosted form's field names."""

from __future__ import annotations


def field_for_path(path: str) -> str:
    """The form field that shows an error reported at `path`."""
    head, _, rest = path.partition(".")
    if head in ("contact", "location", "perinatal"):
        return rest.split(".")[0] or head
    if head == "instruments":
        name, _, index = rest.partition(".")
        return f"{name}_{int(index) + 1}" if index.isdigit() else f"{name}_1"
    if head in ("consent", "history"):
        return f"{head}_{rest.split('.')[0]}" if rest else head
    return head
