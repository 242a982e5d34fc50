"""Read an iCalendar file back into its components, so tests check what a calendar would see."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Component:
    """One BEGIN/END block: its properties (name -> list of (params, value)) and its children."""

    name: str
    props: dict[str, list[tuple[dict[str, str], str]]] = field(default_factory=dict)
    children: list[Component] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The value of a property that occurs once."""
        ((_, value),) = self.props[name]
        return value

    def params(self, name: str) -> dict[str, str]:
        """The parameters of a property that occurs once."""
        ((params, _),) = self.props[name]
        return params

    def child(self, name: str) -> Component:
        """The one child component of this name."""
        (found,) = [c for c in self.children if c.name == name]
        return found


def read_ics(data: bytes) -> Component:
    """Parse CRLF lines, unfold continuations, and build the component tree; raise on a malformed file."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode()) <= 75, raw
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    stack: list[Component] = []
    root: Component | None = None
    for line in lines:
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            else:
                root = component
            stack.append(component)
        elif name == "END":
            assert stack.pop().name == value
        else:
            params = dict(p.split("=", 1) for p in raw_params)
            stack[-1].props.setdefault(name, []).append((params, value))
    assert root is not None and not stack
    return root
