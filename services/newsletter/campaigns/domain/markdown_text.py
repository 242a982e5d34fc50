"""Turn parsed Markdown into the plain-text part of an email, links shown as "text (url)"."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

CODE_INDENT = "    "
RULE = "-" * 20


def markdown_tokens_to_text(tokens: Sequence[Token]) -> str:
    """Return readable plain text for a markdown-it token stream."""
    return "\n".join(_join_blocks(SyntaxTreeNode(tokens).children)).strip("\n")


def _join_blocks(nodes: Sequence[SyntaxTreeNode], *, tight: bool = False) -> list[str]:
    """Render block nodes one after another, a blank line between them unless tight."""
    lines: list[str] = []
    for node in nodes:
        block = _block(node)
        if not block:
            continue
        if lines and not tight:
            lines.append("")
        lines.extend(block)
    return lines


def _block(node: SyntaxTreeNode) -> list[str]:
    """Render one block node as lines of text."""
    kind = node.type
    if kind == "paragraph":
        return _inline(node.children[0]).split("\n") if node.children else []
    if kind == "heading":
        lines = _inline(node.children[0]).split("\n") if node.children else []
        if lines and node.tag in ("h1", "h2"):
            lines.append(("=" if node.tag == "h1" else "-") * max(len(line) for line in lines))
        return lines
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return [f"> {line}" if line else ">" for line in _join_blocks(node.children)]
    if kind in ("code_block", "fence"):
        return [CODE_INDENT + line for line in node.content.rstrip("\n").split("\n")]
    if kind == "hr":
        return [RULE]
    if kind == "html_block":
        return node.content.rstrip("\n").split("\n")
    return []


def _list(node: SyntaxTreeNode) -> list[str]:
    """Render a bullet or numbered list, indenting continuation lines under the marker."""
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    lines: list[str] = []
    for position, item in enumerate(node.children):
        marker = "-" if node.type == "bullet_list" else f"{start + position}."
        # markdown-it hides the paragraphs of a tight list; a loose list keeps blank lines.
        tight = all(child.hidden for child in item.children if child.type == "paragraph")
        body = _join_blocks(item.children, tight=tight) or [""]
        if lines and not tight:
            lines.append("")
        indent = " " * (len(marker) + 1)
        lines.append(f"{marker} {body[0]}")
        lines.extend(indent + line if line else "" for line in body[1:])
    return lines


def _inline(node: SyntaxTreeNode) -> str:
    """Render inline content, dropping emphasis and writing links as "text (url)"."""
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link":
            parts.append(_link(child))
        elif kind == "image":
            parts.append(_inline(child) or child.content)
        else:
            parts.append(_inline(child))
    return "".join(parts)


def _link(node: SyntaxTreeNode) -> str:
    """Render a link; a bare URL or address is shown once rather than twice."""
    text = _inline(node)
    href = str(node.attrs.get("href", ""))
    if node.markup == "autolink":
        return text if href.lower().startswith("mailto:") else href
    if not href or text.strip() == href:
        return href or text
    return f"{text} ({href})"
