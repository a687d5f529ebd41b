"""CSS ops: set or remove a declaration in a rule (creating the rule when asked), and the
same for a selector's night-mode rule.

The note type's CSS is shared by every card type, so nothing is regenerated: a value
replaces one declaration's value, a new declaration is appended inside its rule, a new
rule is inserted as one block of text. Properties, values and selectors are checked with
the CSS scanner first, so an op can never write more than the one declaration or rule it
names (`red; } body {` is refused).
"""

from __future__ import annotations

from ..templates import (
    CssDocument,
    CssNode,
    Edit,
    EditError,
    parse_css,
    remove_declaration,
    set_declaration,
)
from ..templates.edit import DOCUMENT_END
from .selection import Existing, Inserted, Select

NIGHT_CLASSES = (".nightMode", ".night_mode")


def check_declaration(prop: str, value: str) -> None:
    """`prop: value` must scan as exactly one declaration of `prop` (nothing more)."""
    if not prop or prop != prop.strip() or not value or value != value.strip():
        raise EditError("a CSS property and value must be non-empty, without outer spaces")
    document = parse_css(f"x{{{prop}: {value}}}")
    rule = document.children[0] if len(document.children) == 1 else None
    items = [] if rule is None else [c for c in rule.children if c.type != "whitespace"]
    if (
        rule is None
        or rule.type != "rule"
        or not rule.terminated
        or len(items) != 1
        or items[0].type != "declaration"
        or items[0].terminated
        or items[0].raw != f"{prop}: {value}"
        or items[0].property_name != prop
    ):
        raise EditError(f"{prop!r}: {value!r} is not one CSS declaration")


def check_selector(selector: str) -> None:
    document = parse_css(f"{selector} {{}}")
    rule = document.children[0] if len(document.children) == 1 else None
    if (
        not selector
        or selector != selector.strip()
        or rule is None
        or rule.type != "rule"
        or rule.selector != selector
        or rule.children
        or not rule.terminated
    ):
        raise EditError(f"{selector!r} is not one CSS selector list")


def _block(document: CssDocument, rule_id: str) -> CssNode:
    node = document.node(rule_id)
    if node.body is None:
        raise EditError(f"CSS node {rule_id!r} is a {node.type} without a block")
    return node


def set_rule_declaration(
    document: CssDocument, rule_id: str, prop: str, value: str | None
) -> list[Edit]:
    """Set (value) or remove (None) `prop` in an existing rule or block at-rule."""
    rule = _block(document, rule_id)
    if value is None:
        return remove_declaration(document, rule_id, prop)
    check_declaration(prop, value)
    existing = [d for d in rule.declarations() if d.property_name.lower() == prop.lower()]
    if existing and existing[-1].value == value:
        return []
    return [set_declaration(document, rule_id, prop, value)]


def _rule_text(selector: str, prop: str, value: str) -> str:
    return f"{selector} {{\n  {prop}: {value};\n}}"


def insert_rule(
    document: CssDocument, after: str | None, selector: str, prop: str, value: str
) -> tuple[list[Edit], Select]:
    """A new rule `selector { prop: value; }` after the node `after`, or at the end of the
    stylesheet (after its last item, so trailing white space stays last)."""
    check_selector(selector)
    check_declaration(prop, value)
    if after is not None:
        anchor = document.node(after)
        if anchor.type not in ("rule", "atRule", "comment"):
            raise EditError(f"a rule cannot be inserted after CSS {anchor.type} {after!r}")
        target = f"{after}#after"
    else:
        last = next((c for c in reversed(document.children) if c.type != "whitespace"), None)
        target = DOCUMENT_END if last is None else f"{last.id}#after"
        if last is None:
            return [Edit(target, _rule_text(selector, prop, value))], Inserted(0, 0)
    return [Edit(target, "\n\n" + _rule_text(selector, prop, value))], Inserted(0, 2)


def _split_list(selector: str) -> list[str]:
    """A selector list's items, split at top-level commas, white space collapsed."""
    items: list[str] = []
    depth = 0
    quote = ""
    current = ""
    for char in selector:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            items.append(" ".join(current.split()))
            current = ""
            continue
        current += char
    items.append(" ".join(current.split()))
    return items


def _night_variants(item: str) -> set[str]:
    """Selectors that style `item` in night mode (`.nightMode .x`, `.card.nightMode`...)."""
    found = set()
    for night in NIGHT_CLASSES:
        found |= {f"{night} {item}", f"{night}.card {item}", f".card{night} {item}"}
        if item == ".card":
            found |= {f".card{night}", f"{night}.card"}
    return found


def _night_form(item: str) -> str:
    # The reviewer puts `nightMode` on the body, which is also `.card`.
    return ".card.nightMode" if item == ".card" else f".nightMode {item}"


def find_night_rule(document: CssDocument, selector: str, prop: str) -> CssNode | None:
    """The rule that styles `selector` in night mode, if there is one.

    A rule matches when every selector in its list is a night form of one in `selector`.
    Top-level rules win over rules inside `@media`; among them, the last one that already
    sets `prop` (it is the one that takes effect), else the last one.
    """
    variants: set[str] = set()
    for item in _split_list(selector):
        variants |= _night_variants(item)
    matches = [rule for rule in document.rules() if set(_split_list(rule.selector)) <= variants]
    top = [rule for rule in matches if rule in document.children]
    for group in (top, [rule for rule in matches if rule not in top]):
        setting = [
            rule
            for rule in group
            if any(d.property_name.lower() == prop.lower() for d in rule.declarations())
        ]
        if setting or group:
            return (setting or group)[-1]
    return None


def set_night_declaration(
    document: CssDocument, selector: str, prop: str, value: str | None
) -> tuple[list[Edit], Select | None]:
    """`setNightDecl`: set or remove `prop` in the night rule of `selector`, creating
    `.nightMode <selector>` after the last top-level rule for `selector` when needed."""
    check_selector(selector)
    rule = find_night_rule(document, selector, prop)
    if rule is not None:
        edits = set_rule_declaration(document, rule.id, prop, value)
        return edits, Existing(rule.start, rule.end, rule.type)
    if value is None:
        return [], None
    wanted = " ".join(selector.split())
    day = [
        rule
        for rule in document.children
        if rule.type == "rule" and " ".join(rule.selector.split()) == wanted
    ]
    night = ", ".join(_night_form(item) for item in _split_list(selector))
    return insert_rule(document, day[-1].id if day else None, night, prop, value)
