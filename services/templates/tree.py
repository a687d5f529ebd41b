"""Which opening and closing tokens make clean nodes, and which regions must stay raw.

Works on token indices only, so it is independent of HTML and Anki details. Elements,
sections and `[anki:...]` blocks all open and close; a closing token pairs with the
nearest open token of the same key (without closing anything in between, unlike a
browser). Then every pair is an interval of tokens, and:

* intervals that overlap without nesting (`<b><i></b></i>`, `{{#F}}<div>{{/F}}</div>`)
  are merged into one raw region, repeatedly, until everything left nests;
* an opening token that never closes, or a closing token that closes nothing, is a raw
  region of just that token (its neighbours stay editable); so is an element HTML ends
  implicitly (`<p>` before a `<div>`, `<li>` before the next `<li>`), which therefore
  cannot pair with an end tag far away;
* anything inside a raw region is part of it;
* except that a section opened in one element and closed in another
  (`<div>{{#A}}..</div><div>{{/A}}</div>`, a `<center>` opened in one branch and closed in
  the next) does not swallow the elements: Anki reads sections on the text, so the
  elements pair as they are, and only the section's two tags stay raw
  ("crossing-section"), each a region of one token. The card's text between them stays
  editable.

The sweep visits intervals by start and keeps a stack of open ones, so it is
O(n log n) apart from merges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    LEAF = "leaf"
    OPEN = "open"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class StructToken:
    role: Role
    #: ("element", tag) / ("section", key) / ("av", name); None for leaves.
    key: tuple[str, str] | None = None
    #: A partner fixed in advance (an [anki:...] block pairs the way Anki reads it).
    partner: int | None = None
    #: Open elements this token ends implicitly (HTML's optional end tags: `<li>` ends an
    #: open `<li>`, `<div>` ends an open `<p>`), searching down to one named in `scope`.
    implicitly_closes: frozenset[str] = frozenset()
    scope: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Region:
    """Tokens start..end (inclusive) form one node: a pair, or a raw region."""

    start: int
    end: int
    raw: bool = False
    reason: str = ""
    #: For a misnested region: the opening tokens of two intervals that overlap.
    overlap: tuple[int, int] | None = None


_UNCLOSED = {"element": "unclosed-element", "section": "unclosed-section", "av": "unclosed-section"}
_UNOPENED = {"element": "stray-end-tag", "section": "unopened-section", "av": "unopened-section"}


def _pair(tokens: Sequence[StructToken]) -> list[Region]:
    regions: list[Region] = []
    open_stack: list[int] = []
    open_keys: Counter[tuple[str, str]] = Counter()
    implicitly_closed: list[int] = []

    def remove(depth: int) -> int:
        index = open_stack.pop(depth)
        key = tokens[index].key
        if key is not None:
            open_keys[key] -= 1
        return index

    for index, token in enumerate(tokens):
        if token.implicitly_closes and any(
            open_keys[("element", name)] for name in token.implicitly_closes
        ):
            for depth in range(len(open_stack) - 1, -1, -1):
                key = tokens[open_stack[depth]].key
                if key is None or key[0] != "element":
                    continue
                if key[1] in token.implicitly_closes:
                    implicitly_closed.append(remove(depth))
                elif key[1] in token.scope:
                    break
        if token.partner is not None:
            if token.role is Role.OPEN:
                regions.append(Region(index, token.partner))
            continue
        if token.role is Role.OPEN and token.key is not None:
            open_stack.append(index)
            open_keys[token.key] += 1
        elif token.role is Role.CLOSE:
            if token.key is not None and open_keys[token.key]:
                for depth in range(len(open_stack) - 1, -1, -1):
                    if tokens[open_stack[depth]].key == token.key:
                        regions.append(Region(remove(depth), index))
                        break
            else:
                kind = token.key[0] if token.key else "element"
                regions.append(Region(index, index, True, _UNOPENED.get(kind, "stray-end-tag")))
    for index in open_stack + implicitly_closed:
        key = tokens[index].key
        kind = key[0] if key else "element"
        regions.append(Region(index, index, True, _UNCLOSED.get(kind, "unclosed-element")))
    return regions


def _kind(token: StructToken) -> str:
    return token.key[0] if token.key else ""


def _innermost_elements(elements: list[Region], points: list[int]) -> dict[int, int | None]:
    """For each token index in `points` (sorted), the first token of the innermost element
    pair around it (None at the top level). Elements sorted by (start, -end)."""
    around: dict[int, int | None] = {}
    stack: list[Region] = []
    next_element = 0
    for point in points:
        while next_element < len(elements) and elements[next_element].start < point:
            element = elements[next_element]
            while stack and stack[-1].end < element.start:
                stack.pop()
            stack.append(element)
            next_element += 1
        while stack and stack[-1].end < point:
            stack.pop()
        around[point] = stack[-1].start if stack else None
    return around


def _split_crossing_sections(tokens: Sequence[StructToken], regions: list[Region]) -> list[Region]:
    """A section whose two tags sit in different elements becomes two one-token raw regions,
    so that the elements it crosses are not merged into one raw region with it."""
    sections = {r for r in regions if not r.raw and _kind(tokens[r.start]) == "section"}
    if not sections:
        return regions
    elements = sorted(
        (r for r in regions if not r.raw and _kind(tokens[r.start]) == "element"),
        key=lambda r: (r.start, -r.end),
    )
    around = _innermost_elements(elements, sorted({i for r in sections for i in (r.start, r.end)}))
    kept: list[Region] = []
    for region in regions:
        if region in sections and around[region.start] != around[region.end]:
            # The element the section crosses into (opened after it), else the one it
            # leaves (opened before it, closed before its end).
            at_end, at_start = around[region.end], around[region.start]
            crossed = at_end if at_end is not None and at_end > region.start else at_start
            assert crossed is not None
            for index in (region.start, region.end):
                kept.append(Region(index, index, True, "crossing-section", (region.start, crossed)))
        else:
            kept.append(region)
    return kept


def resolve_structure(tokens: Sequence[StructToken]) -> dict[int, Region]:
    """The final regions, keyed by their first token; they nest and never overlap."""
    regions = sorted(
        _split_crossing_sections(tokens, _pair(tokens)), key=lambda r: (r.start, -r.end)
    )
    stack: list[Region] = []
    done: list[Region] = []
    for region in regions:
        while stack and stack[-1].end < region.start:
            done.append(stack.pop())
        current = region
        while stack and stack[-1].end < current.end:
            top = stack.pop()
            overlap = top.overlap or current.overlap or (top.start, current.start)
            current = Region(top.start, current.end, True, "misnested", overlap)
        if stack and stack[-1].raw and stack[-1].end >= current.end:
            continue
        stack.append(current)
    done += stack
    raw = sorted((r for r in done if r.raw), key=lambda r: r.start)
    result: dict[int, Region] = {}
    raw_index = 0
    for region in sorted(done, key=lambda r: (r.start, -r.end)):
        while raw_index < len(raw) and raw[raw_index].end < region.start:
            raw_index += 1
        if raw_index < len(raw):
            enclosing = raw[raw_index]
            if (
                enclosing is not region
                and enclosing.start <= region.start
                and region.end <= enclosing.end
            ):
                continue
        result[region.start] = region
    return result
