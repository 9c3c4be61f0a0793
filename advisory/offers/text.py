"""Plain text for the offers' pages: paragraphs and lists, never HTML.

A blank line starts a new paragraph; lines starting with "- " are the items of a list; other lines of a block
are joined into one paragraph. Everything is escaped, so a ``<`` in a text is shown as ``<``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LIST_MARK = "- "


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """The text's paragraphs and lists in order (empty ones left out)."""
    result: list[Block] = []
    current_kind = ""
    current: list[str] = []

    def close() -> None:
        nonlocal current_kind, current
        if current:
            result.append(Block(current_kind, tuple(current)))
        current_kind, current = "", []

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith(LIST_MARK.strip()) and (line == "-" or line.startswith(LIST_MARK)):
            item = line[len(LIST_MARK) :].strip() if line.startswith(LIST_MARK) else ""
            if current_kind != "ul":
                close()
                current_kind = "ul"
            if item:
                current.append(item)
            continue
        if current_kind != "p":
            close()
            current_kind = "p"
        current.append(line)
    close()
    return result


def render(text: str) -> SafeString:
    """HTML of the text: <p> and <ul><li>, every character of the text escaped."""
    parts = []
    for block in blocks(text):
        if block.kind == "ul":
            items = "".join(f"<li>{escape(line)}</li>" for line in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(' '.join(block.lines))}</p>")
    return mark_safe("\n".join(parts))  # every piece of the text is escaped above
