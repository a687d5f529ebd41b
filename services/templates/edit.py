"""Edits: replace the span of a node (or of one part of it) and re-parse.

The canvas never writes template text itself: it sends edits, each naming a target
("<node id>" or "<node id>#<part>", see `Node.parts` / `CssNode.parts`) and the new
source text for it. `apply_edits` replaces exactly those spans, leaves every other
character alone, and parses the result so code view and canvas never drift. An edit may
leave the template broken (it is the user's text); the new document still round-trips.

The helpers below build edits for common changes (set an attribute, rename a field, set
a CSS declaration); they only ever touch the spans they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import overload

from ...sdk.protocol import ErrorCode
from .css_model import CssDocument, CssNode
from .css_scan import parse_css
from .model import (
    AnkiTagNode,
    AttributeNode,
    ElementNode,
    RawTextNode,
    SectionNode,
    TemplateDocument,
)
from .parser import parse_template
from .spans import Span


class EditError(ValueError):
    """An edit names a target that does not exist, or edits overlap."""

    bridge_code = ErrorCode.INVALID_PARAMS


#: Targets for the very start and end of a document (an empty one has no node to name).
DOCUMENT_START = "#start"
DOCUMENT_END = "#end"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the span of `target` ("<node id>" or "<node id>#<part>") with `text`."""

    target: str
    text: str

    @classmethod
    def from_json(cls, data: object) -> Edit:
        """An edit from the canvas's `{"target": str, "text": str}`."""
        if not isinstance(data, dict):
            raise EditError("an edit must be an object with 'target' and 'text'")
        target, text = data.get("target"), data.get("text")
        if not isinstance(target, str) or not isinstance(text, str):
            raise EditError("an edit needs a string 'target' and a string 'text'")
        return cls(target, text)


def target_span(document: TemplateDocument | CssDocument, target: str) -> Span:
    """The span an edit target names: "<id>", "<id>#<part>", `DOCUMENT_START` or
    `DOCUMENT_END` (raises LookupError)."""
    if target == DOCUMENT_START:
        return Span(0, 0)
    if target == DOCUMENT_END:
        return Span(len(document.source), len(document.source))
    return document.span_of(target)


def _resolve(
    document: TemplateDocument | CssDocument, edits: Sequence[Edit]
) -> list[tuple[Span, int, str]]:
    resolved = []
    for order, edit in enumerate(edits):
        try:
            span = target_span(document, edit.target)
        except LookupError as error:
            raise EditError(str(error)) from None
        resolved.append((span, order, edit.text))
    resolved.sort(key=lambda item: (item[0].start, item[0].end, item[1]))
    for (before, _, _), (after, _, _) in pairwise(resolved):
        if before.end > after.start:
            raise EditError(
                f"edits overlap: [{before.start}, {before.end}) and [{after.start}, {after.end})"
            )
    return resolved


def apply_edits_to_text(document: TemplateDocument | CssDocument, edits: Sequence[Edit]) -> str:
    """The document's text with every edit applied (all spans refer to the original)."""
    source = document.source
    pieces: list[str] = []
    position = 0
    for span, _, text in _resolve(document, edits):
        pieces.append(source[position : span.start])
        pieces.append(text)
        position = span.end
    pieces.append(source[position:])
    return "".join(pieces)


@overload
def apply_edits(document: TemplateDocument, edits: Sequence[Edit]) -> TemplateDocument: ...


@overload
def apply_edits(document: CssDocument, edits: Sequence[Edit]) -> CssDocument: ...


def apply_edits(
    document: TemplateDocument | CssDocument, edits: Sequence[Edit]
) -> TemplateDocument | CssDocument:
    """Apply the edits and parse the new text (raises EditError, never for bad content)."""
    text = apply_edits_to_text(document, edits)
    if isinstance(document, CssDocument):
        return parse_css(text)
    return parse_template(text)


# -- template helpers ------------------------------------------------------------------


def replace_node(node_id: str, text: str) -> Edit:
    return Edit(node_id, text)


def delete_node(node_id: str) -> Edit:
    return Edit(node_id, "")


def insert_before(node_id: str, text: str) -> Edit:
    return Edit(f"{node_id}#before", text)


def insert_after(node_id: str, text: str) -> Edit:
    return Edit(f"{node_id}#after", text)


def _quoted(value: str, preferred: str) -> str:
    quote = preferred or '"'
    if quote in value:
        other = "'" if quote == '"' else '"'
        if other not in value:
            quote = other
        else:
            value = value.replace(quote, "&quot;" if quote == '"' else "&#39;")
    return f"{quote}{value}{quote}"


def _owner(document: TemplateDocument, element_id: str) -> ElementNode | RawTextNode:
    node = document.node(element_id)
    if not isinstance(node, ElementNode | RawTextNode):
        raise EditError(f"node {element_id!r} is a {node.type}, not an element")
    return node


def _last_item_before(element: ElementNode | RawTextNode, end: int) -> AttributeNode | None:
    """The attribute ending exactly at `end` (where new attributes are appended), if any."""
    return next((a for a in element.attributes if a.end == end), None)


def set_attribute(
    document: TemplateDocument, element_id: str, name: str, value: str | None
) -> Edit:
    """Set (or add) an attribute; `value` is source text (None: a bare attribute).

    An existing value keeps its quote style when it can; a new attribute is appended
    after the last one.
    """
    element = _owner(document, element_id)
    attribute = element.attribute(name)
    if attribute is None:
        text = name if value is None else f"{name}={_quoted(value, '')}"
        last = _last_item_before(element, element.insert_at)
        if last is not None and last.value_span is not None and not last.quote and not last.value:
            # `<div class=>`: white space after a bare "=" is skipped, so an attribute
            # appended there would become the value (`class= id="x"`). Give the empty
            # value its quotes (same meaning) and append after them.
            return Edit(last.id, f'{last.raw}"" {text}')
        return Edit(f"{element_id}#attrs-end", " " + text)
    if value is None:
        return Edit(attribute.id, attribute.name)
    if attribute.value_span is not None and attribute.quote and attribute.quote not in value:
        return Edit(f"{attribute.id}#value", value)
    return Edit(attribute.id, f"{attribute.name}={_quoted(value, attribute.quote)}")


def remove_attribute(document: TemplateDocument, element_id: str, name: str) -> Edit | None:
    """Remove an attribute with the white space before it; None if it is not there.

    When nothing separates it from what follows (`src="x"alt="y"`), one space is left so
    the tag name and the next attribute do not run together.
    """
    attribute = _owner(document, element_id).attribute(name)
    if attribute is None:
        return None
    following = document.source[attribute.end : attribute.end + 1]
    joins = following not in ("", ">", "/") and not following.isspace()
    return Edit(f"{attribute.id}#with-space", " " if joins else "")


def _check_name(text: str, what: str) -> str:
    """Field and filter names are written into `{{...}}`: they cannot carry tag syntax."""
    if not text.strip() or any(bad in text for bad in ("{", "}", ":", "<%", "%>")):
        raise EditError(f"{what} {text!r} cannot be empty or contain braces or ':'")
    return text


def rename_field(document: TemplateDocument, node_id: str, new_key: str) -> list[Edit]:
    """Point a field replacement or a section (both of its tags) at another field."""
    _check_name(new_key, "field name")
    node = document.node(node_id)
    if isinstance(node, SectionNode):
        return [Edit(f"{node_id}#key", new_key), Edit(f"{node_id}#closeKey", new_key)]
    if isinstance(node, AnkiTagNode):
        return [Edit(f"{node_id}#key", new_key)]
    raise EditError(f"node {node_id!r} is a {node.type}, not a field or section")


def set_filters(document: TemplateDocument, node_id: str, filters: Sequence[str]) -> Edit:
    """Replace a replacement's filters, given left to right as written (`["hint"]`)."""
    node = document.node(node_id)
    if not isinstance(node, AnkiTagNode) or node.tag.is_section_tag:
        raise EditError(f"node {node_id!r} is not a field replacement")
    for name in filters:
        _check_name(name, "filter")
    return Edit(f"{node_id}#filters", "".join(f"{name}:" for name in filters))


def rename_field_everywhere(document: TemplateDocument, old: str, new: str) -> list[Edit]:
    """Rename every reference to field `old`: replacements, sections, tags in attributes,
    scripts, comments-that-are-not-Anki-comments and raw regions alike."""
    _check_name(new, "field name")
    return [Edit(f"{tag.id}#key", new) for tag in document.anki_tags() if tag.key == old]


# -- CSS helpers -----------------------------------------------------------------------


def _rule(document: CssDocument, rule_id: str) -> CssNode:
    node = document.node(rule_id)
    if node.body is None:
        raise EditError(f"CSS node {rule_id!r} has no block")
    return node


def set_declaration(document: CssDocument, rule_id: str, prop: str, value: str) -> Edit:
    """Set `prop: value` in one rule or block at-rule: replace the value of its last
    declaration of `prop`, or append a declaration after the last item, indented like
    the first one. Nothing else changes."""
    rule = _rule(document, rule_id)
    wanted = prop.strip().lower()
    existing = [d for d in rule.declarations() if d.property_name.lower() == wanted]
    if existing:
        return Edit(f"{existing[-1].id}#value", value)
    separator = " "
    first = next((c for c in rule.children if c.type != "whitespace"), None)
    index = rule.children.index(first) if first is not None else -1
    if index > 0 and "\n" in rule.children[index - 1].raw:
        separator = "\n" + rule.children[index - 1].raw.rsplit("\n", 1)[1]
    last = next((c for c in reversed(rule.children) if c.type != "whitespace"), None)
    return Edit(f"{rule_id}#append", f"{_close_last(last)}{separator}{prop}: {value};")


def _close_last(last: CssNode | None) -> str:
    """What must follow the block's last item before a declaration can be appended.

    A declaration (or junk without a colon, `color`) that was not ended with `;` needs
    one, or the new declaration would become part of its value; an unterminated comment
    needs its `*/`, or the new declaration would be commented out; a nested block that
    runs to the end of the text needs its `}`.
    """
    if last is None or last.terminated:
        return ""
    if last.type in ("declaration", "raw"):
        return ";"
    if last.type == "comment":
        return "*/"
    if last.body is not None:  # a nested block running to the end of the text
        inner = next((c for c in reversed(last.children) if c.type != "whitespace"), None)
        return _close_last(inner) + "}"
    return ""


def remove_declaration(document: CssDocument, rule_id: str, prop: str) -> list[Edit]:
    """Remove every declaration of `prop` in the rule, each with the space before it."""
    rule = _rule(document, rule_id)
    wanted = prop.strip().lower()
    edits = []
    children = rule.children
    for index, child in enumerate(children):
        if child.type == "declaration" and child.property_name.lower() == wanted:
            edits.append(Edit(child.id, ""))
            if index > 0 and children[index - 1].type == "whitespace":
                edits.append(Edit(children[index - 1].id, ""))
    return edits
