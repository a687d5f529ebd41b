"""How complicated a note type's CSS is, and which parts of it do nothing.

Rules, selectors and their specificity, `!important`, duplicate selectors and duplicate
declarations, and selectors that can match no element of any card: a class or id that no
template element carries and that Anki does not add itself. Field content can hold any
markup, so element names alone never make a selector "unmatched", and a template that
builds classes at render time (`class="{{Tags}}"`, a script touching `className` /
`classList`) disables the class check altogether.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..lint.diagnostic import Diagnostic
from ..templates import AttributeNode, CssDocument, CssNode, NoteTypeDocument, RawTextNode
from .selectors import SelectorInfo, Specificity, analyse_selector, split_selector_list

#: Classes Anki's reviewer, previewer and renderer put on the page or on rendered output.
ANKI_CLASSES = frozenset(
    {
        "card", "nightMode", "night_mode", "mobile", "android", "ios", "linux", "mac",
        "win", "isMac", "isWin", "isLin", "chrome", "safari", "firefox", "cloze",
        "cloze-inactive", "typeGood", "typeBad", "typeMissed", "typearrow", "typeans",
        "hint", "replay-button", "soundLink", "playImage", "drawing", "latex", "math",
        "mathjax", "tts", "ankidroid", "ankimobile", "ankiweb",
    }
)  # fmt: skip
CARD_N_CLASS = re.compile(r"^card\d+$")
ANKI_IDS = frozenset({"qa", "typeans", "answer", "_flag", "_mark", "content"})
CLASS_SCRIPT = re.compile(r"\bclass(?:Name|List)\b|setAttribute\(\s*['\"]class")
#: More ids than this in one selector is flagged as hard to override.
HIGH_ID_SPECIFICITY = 2


@dataclass
class CssComplexity:
    rules: int = 0
    selectors: int = 0
    declarations: int = 0
    important: int = 0
    max_specificity: Specificity = (0, 0, 0)
    mean_specificity: tuple[float, float, float] = (0.0, 0.0, 0.0)
    findings: list[Diagnostic] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "rules": self.rules,
            "selectors": self.selectors,
            "declarations": self.declarations,
            "important": self.important,
            "max_specificity": list(self.max_specificity),
            "mean_specificity": [round(v, 2) for v in self.mean_specificity],
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class _Inventory:
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    dynamic_classes: bool = False
    dynamic_ids: bool = False


def template_inventory(document: NoteTypeDocument) -> _Inventory:
    found = _Inventory()
    for card_type in document.card_types:
        for side in (card_type.front, card_type.back):
            for node in side.walk():
                if isinstance(node, AttributeNode):
                    name = node.name.lower()
                    if name not in ("class", "id"):
                        continue
                    if node.anki_tags or "{{" in (node.value or ""):
                        if name == "class":
                            found.dynamic_classes = True
                        else:
                            found.dynamic_ids = True
                    values = (node.value or "").split()
                    (found.classes if name == "class" else found.ids).update(values)
                elif isinstance(node, RawTextNode) and node.tag_name.lower() == "script":
                    if CLASS_SCRIPT.search(node.content.slice(node.source)):
                        found.dynamic_classes = True
                    if ".id" in node.content.slice(node.source):
                        found.dynamic_ids = True
    return found


def _rules_with_context(css: CssDocument) -> Iterator[tuple[CssNode, tuple[str, ...]]]:
    def visit(
        nodes: tuple[CssNode, ...], parents: tuple[str, ...]
    ) -> Iterator[tuple[CssNode, tuple[str, ...]]]:
        for node in nodes:
            if node.type == "rule":
                yield node, parents
            elif node.type == "atRule":
                prelude = " ".join(node.selector.split())
                yield from visit(node.children, (*parents, f"@{node.name} {prelude}"))

    yield from visit(css.children, ())


def _unmatched(info: SelectorInfo, inventory: _Inventory) -> str | None:
    """The class or id that makes this selector match nothing, if any."""
    for compound in info.compounds:
        if not inventory.dynamic_classes:
            for name in sorted(compound.classes):
                if (
                    name not in inventory.classes
                    and name not in ANKI_CLASSES
                    and not CARD_N_CLASS.match(name)
                ):
                    return f".{name}"
        if not inventory.dynamic_ids:
            for name in sorted(compound.ids):
                if name not in inventory.ids and name not in ANKI_IDS:
                    return f"#{name}"
    return None


def css_complexity(document: NoteTypeDocument) -> CssComplexity:
    css = document.css
    result = CssComplexity()
    inventory = template_inventory(document)
    totals = [0, 0, 0]
    seen: dict[tuple[tuple[str, ...], str], CssNode] = {}

    def at(node: CssNode) -> tuple[int, int]:
        return node.line, node.column

    for rule, parents in _rules_with_context(css):
        result.rules += 1
        declarations = rule.declarations()
        result.declarations += len(declarations)
        by_property: dict[str, list[CssNode]] = defaultdict(list)
        for declaration in declarations:
            by_property[declaration.property_name.strip().lower()].append(declaration)
            if declaration.important:
                result.important += 1
                line, column = at(declaration)
                result.findings.append(
                    Diagnostic("info", "css-important",
                               f"`!important` on {declaration.property_name.strip()} in "
                               f"`{rule.selector}`: later rules and night mode cannot "
                               "override it", side="css", line=line, column=column,
                               fix="raise the selector's specificity instead")
                )  # fmt: skip
        for name, repeated in by_property.items():
            # Repeating a property with a different value is a deliberate fallback.
            values = [" ".join(d.value.split()).lower() for d in repeated]
            if name and len(values) != len(set(values)):
                line, column = at(repeated[-1])
                result.findings.append(
                    Diagnostic("info", "css-duplicate-declaration",
                               f"`{name}` is set twice to the same value in `{rule.selector}`",
                               side="css", line=line, column=column,
                               fix="remove the first one")
                )  # fmt: skip
        normalized = " ".join(rule.selector.split())
        key = (parents, normalized)
        if key in seen:
            first = seen[key]
            line, column = at(rule)
            result.findings.append(
                Diagnostic("info", "css-duplicate-selector",
                           f"`{normalized}` already has a rule at line {first.line}",
                           side="css", line=line, column=column,
                           fix="merge the two rules")
            )  # fmt: skip
        else:
            seen[key] = rule
        for selector in split_selector_list(rule.selector):
            info = analyse_selector(selector)
            result.selectors += 1
            for index in range(3):
                totals[index] += info.specificity[index]
            result.max_specificity = max(result.max_specificity, info.specificity)
            line, column = at(rule)
            if info.specificity[0] >= HIGH_ID_SPECIFICITY:
                result.findings.append(
                    Diagnostic("info", "css-high-specificity",
                               f"`{selector}` has specificity {info.specificity}: "
                               "hard to override", side="css", line=line, column=column)
                )  # fmt: skip
            missing = _unmatched(info, inventory)
            if missing is not None:
                result.findings.append(
                    Diagnostic("warning", "css-unmatched-selector",
                               f"`{selector}` matches nothing: no card template has "
                               f"an element with {missing}", side="css", line=line,
                               column=column, fix="remove the rule or add the "
                               f"{'class' if missing[0] == '.' else 'id'} to the template")
                )  # fmt: skip
    if result.selectors:
        result.mean_specificity = (
            totals[0] / result.selectors,
            totals[1] / result.selectors,
            totals[2] / result.selectors,
        )
    return result
