"""CSS selectors read just enough for analytics: the list split on top-level commas, each
selector's specificity (Selectors Level 4), and the classes, ids and element names every
compound of it requires (to tell whether it can match anything a template writes).

Not a full selector engine: attribute selectors, combinators and pseudo-classes are read
for their specificity, but only class / id / type requirements decide "matches nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Specificity = tuple[int, int, int]

_NAME = r"-?(?:[_a-zA-Z\u00a0-\uffff]|\\.)(?:[-\w\u00a0-\uffff]|\\.)*"
_TOKEN = re.compile(
    rf"(?P<id>#{_NAME})|(?P<cls>\.{_NAME})|(?P<attr>\[[^\]]*\])"
    rf"|(?P<pe>::{_NAME}(?:\((?P<pe_arg>[^)]*)\))?)"
    rf"|(?P<pc>:{_NAME})(?P<pc_open>\()?"
    rf"|(?P<type>{_NAME}|\*)|(?P<comb>\s*[>+~]\s*|\s+)|(?P<other>.)",
    re.S,
)
#: Pseudo-classes whose argument is a selector list: counted as their most specific argument.
_SELECTOR_ARGUMENT = {":is", ":not", ":has", ":matches", ":-webkit-any", ":-moz-any"}
#: Legacy pseudo-elements written with one colon.
_ONE_COLON_PSEUDO_ELEMENTS = {":before", ":after", ":first-line", ":first-letter"}


def split_selector_list(text: str) -> list[str]:
    """`a, b:is(c, d)` -> [`a`, `b:is(c, d)`]: commas inside brackets do not split."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _closing_paren(text: str, start: int) -> int:
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


@dataclass(frozen=True)
class CompoundRequirement:
    """What one compound (`div.box#x`) needs of an element."""

    tag: str | None
    classes: frozenset[str]
    ids: frozenset[str]


@dataclass(frozen=True)
class SelectorInfo:
    text: str
    specificity: Specificity
    compounds: tuple[CompoundRequirement, ...]


def _unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def analyse_selector(text: str) -> SelectorInfo:
    """One complex selector (no top-level commas)."""
    ids = classes = types = 0
    compounds: list[CompoundRequirement] = []
    tag: str | None = None
    compound_classes: set[str] = set()
    compound_ids: set[str] = set()

    def close_compound() -> None:
        nonlocal tag
        if tag is not None or compound_classes or compound_ids:
            compounds.append(
                CompoundRequirement(tag, frozenset(compound_classes), frozenset(compound_ids))
            )
        tag = None
        compound_classes.clear()
        compound_ids.clear()

    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover - `other` matches any character
            break
        position = match.end()
        if match.group("id"):
            ids += 1
            compound_ids.add(_unescape(match.group("id")[1:]))
        elif match.group("cls"):
            classes += 1
            compound_classes.add(_unescape(match.group("cls")[1:]))
        elif match.group("attr"):
            classes += 1
        elif match.group("pe"):
            types += 1
        elif match.group("pc"):
            name = match.group("pc").lower()
            argument = ""
            if match.group("pc_open"):
                end = _closing_paren(text, position)
                argument = text[position:end]
                position = min(end + 1, len(text))
            if name in _ONE_COLON_PSEUDO_ELEMENTS:
                types += 1
            elif name == ":where":
                pass
            elif name in _SELECTOR_ARGUMENT:
                inner = [analyse_selector(s).specificity for s in split_selector_list(argument)]
                best = max(inner, default=(0, 0, 0))
                ids, classes, types = ids + best[0], classes + best[1], types + best[2]
            else:
                classes += 1
        elif match.group("type"):
            if match.group("type") != "*":
                types += 1
                tag = match.group("type").lower()
        elif match.group("comb") is not None:
            close_compound()
    close_compound()
    return SelectorInfo(text, (ids, classes, types), tuple(compounds))
