"""Just enough of CSS to lint it: rule blocks with their selector (nesting resolved), the
at-rules around them and their own declarations, each with its offset in the text.

Comments are blanked (offsets stay true); strings are skipped over whole, so a `;` or a
brace inside one does not split anything. Malformed CSS never raises: what cannot be
read is simply not reported on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)


@dataclass(frozen=True)
class Declaration:
    name: str  # lower case
    value: str
    offset: int


@dataclass
class Block:
    prelude: str
    offset: int
    selector: str  # the full selector for style rules (nesting resolved), "" for at-rules
    at_rules: tuple[str, ...]  # the preludes of the enclosing at-rules, outermost first
    declarations: list[Declaration] = field(default_factory=list)

    @property
    def is_at_rule(self) -> bool:
        return self.prelude.startswith("@")


def _blank_comments(css: str) -> str:
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)


def _resolve(parent: str, child: str) -> str:
    if not parent:
        return child
    parents = [p.strip() for p in parent.split(",")]
    out = []
    for part in (c.strip() for c in child.split(",")):
        for p in parents:
            out.append(part.replace("&", p) if "&" in part else f"{p} {part}")
    return ", ".join(out)


def _declaration(text: str, start: int) -> Declaration | None:
    if ":" not in text:
        return None
    name, value = text.split(":", 1)
    if not re.fullmatch(r"\s*-?[A-Za-z][\w-]*\s*", name):
        return None
    lead = len(text) - len(text.lstrip())
    return Declaration(name.strip().lower(), value.strip(), start + lead)


def read_blocks(css: str) -> list[Block]:
    """Every `{...}` block of `css`, in order."""
    text = _blank_comments(css)
    blocks: list[Block] = []
    stack: list[Block] = []
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            end = text.find(char, i + 1)
            while end != -1 and text[end - 1] == "\\":
                end = text.find(char, end + 1)
            i = len(text) if end == -1 else end + 1
            continue
        if char == "{":
            raw = text[start:i]
            prelude = raw.strip()
            offset = start + len(raw) - len(raw.lstrip())
            outer = next((b.selector for b in reversed(stack) if not b.is_at_rule), "")
            at_rules = tuple(b.prelude for b in stack if b.is_at_rule)
            selector = "" if prelude.startswith("@") else _resolve(outer, prelude)
            block = Block(prelude, offset, selector, at_rules)
            blocks.append(block)
            stack.append(block)
            start = i + 1
        elif char in ";}":
            if stack:
                found = _declaration(text[start:i], start)
                if found is not None:
                    stack[-1].declarations.append(found)
            if char == "}" and stack:
                stack.pop()
            start = i + 1
        i += 1
    return blocks


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
