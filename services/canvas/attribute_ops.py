"""Attribute ops: set one attribute from decoded text, add or remove class tokens.

Values arrive decoded (as `canvas.tree` sends them). Writing one back escapes only what
must be escaped (`&` and the quote character) in the part that changed; the rest of the
value keeps its bytes, and Anki tags in it are kept as written.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..templates import (
    AttributeNode,
    Edit,
    EditError,
    ElementNode,
    RawTextNode,
    TemplateDocument,
    lex_template,
    remove_attribute,
    set_attribute,
)
from ..templates.canvas_ops import tree_node
from .text_codec import atoms, rewrite

_SPACE = " \t\n\r\f"
_ENTITY = {'"': "&quot;", "'": "&#39;"}
# An attribute name: no white space, quotes, `/`, `=`, `>` (HTML), and no tag braces.
_BAD_NAME_CHARS = set(_SPACE + "\"'/=<>{}\x00")
# An unquoted value cannot hold these (or be empty).
_NEEDS_QUOTES = set(_SPACE + "\"'=<>`")


def tag_owner(document: TemplateDocument, node_id: str) -> ElementNode | RawTextNode:
    node = tree_node(document, node_id)
    if not isinstance(node, ElementNode | RawTextNode):
        raise EditError(f"node {node_id!r} is a {node.type}, not an element")
    return node


def check_attribute_name(name: str) -> str:
    if not name or any(char in _BAD_NAME_CHARS or char.isspace() for char in name):
        raise EditError(f"{name!r} is not an attribute name")
    return name


def encode_value(text: str, quote: str) -> str:
    """A decoded value as attribute source: `&` and `quote` escaped outside Anki tags."""
    pieces = []
    position = 0
    for tag in lex_template(text).tags:
        pieces.append(_escape(text[position : tag.start], quote))
        pieces.append(text[tag.start : tag.end])
        position = tag.end
    pieces.append(_escape(text[position:], quote))
    return "".join(pieces)


def _escape(text: str, quote: str) -> str:
    text = text.replace("&", "&amp;")
    return text.replace(quote, _ENTITY[quote]) if quote else text


def value_tag_spans(attribute: AttributeNode) -> list[tuple[int, int]]:
    """Where the Anki tags in an attribute's value are, relative to the value."""
    span = attribute.value_span
    assert span is not None
    return [
        (tag.start - span.start, tag.end - span.start)
        for tag in attribute.anki_tags
        if span.start <= tag.start and tag.end <= span.end
    ]


def set_attribute_text(
    document: TemplateDocument, element_id: str, name: str, value: str | bool | None
) -> list[Edit]:
    """`setAttr`: value is decoded text, None for a bare attribute, False to remove."""
    element = tag_owner(document, element_id)
    check_attribute_name(name)
    if value is False:
        removal = remove_attribute(document, element_id, name)
        return [] if removal is None else [removal]
    if value is None:
        attribute = element.attribute(name)
        if attribute is not None and attribute.value_span is None:
            return []
        return [set_attribute(document, element_id, name, None)]
    if not isinstance(value, str):
        raise EditError("an attribute value must be a string, null or false")
    attribute = element.attribute(name)
    if attribute is None:
        return [set_attribute(document, element_id, name, encode_value(value, '"'))]
    old = attribute.value
    if old is None or attribute.value_span is None or (not attribute.quote and not old):
        return [Edit(attribute.id, f'{attribute.name}="{encode_value(value, chr(34))}"')]
    quote = attribute.quote
    new = rewrite(
        atoms(old, value_tag_spans(attribute)), value, lambda text: encode_value(text, quote)
    )
    if new == old:
        return []
    if not quote and (not new or any(char in _NEEDS_QUOTES for char in new)):
        return [Edit(attribute.id, f'{attribute.name}="{encode_value(value, chr(34))}"')]
    return [Edit(f"{attribute.id}#value", new)]


def _check_tokens(tokens: Sequence[str]) -> None:
    for token in tokens:
        if not token or any(char in _SPACE for char in token):
            raise EditError(f"{token!r} is not a class name (empty, or with white space)")


def set_class_tokens(
    document: TemplateDocument, element_id: str, add: Sequence[str], remove: Sequence[str]
) -> list[Edit]:
    """`setClasses`: add and remove single class tokens, keeping every other byte of the
    `class` attribute; the attribute goes when no token is left."""
    element = tag_owner(document, element_id)
    _check_tokens(add)
    _check_tokens(remove)
    attribute = element.attribute("class")
    removing = set(remove)
    adding = [token for token in dict.fromkeys(add) if token not in removing]
    if attribute is None or not attribute.value or attribute.value_span is None:
        if not adding:
            if attribute is None:
                return []
            removal = remove_attribute(document, element_id, "class")
            return [] if removal is None else [removal]
        value = encode_value(" ".join(adding), '"')
        if attribute is None:
            return [set_attribute(document, element_id, "class", value)]
        return [Edit(attribute.id, f'{attribute.name}="{value}"')]
    raw = attribute.value
    quote = attribute.quote or '"'
    tags = value_tag_spans(attribute)
    tokens = _tokens(raw)
    kept: list[tuple[int, int]] = []
    present: set[str] = set()
    for start, end in tokens:
        dynamic = any(s < end and start < e for s, e in tags)
        decoded = html.unescape(raw[start:end])
        if not dynamic and decoded in removing:
            continue
        kept.append((start, end))
        present.add(decoded)
    new_tokens = [encode_value(token, quote) for token in adding if token not in present]
    if len(kept) == len(tokens) and not new_tokens:
        return []
    if not kept and not new_tokens:
        removal = remove_attribute(document, element_id, "class")
        return [] if removal is None else [removal]
    new = _rebuild(raw, tokens, kept, new_tokens)
    if not attribute.quote and any(char in _NEEDS_QUOTES for char in new):
        return [Edit(attribute.id, f'{attribute.name}="{new}"')]
    return [Edit(f"{attribute.id}#value", new)]


def _tokens(raw: str) -> list[tuple[int, int]]:
    found = []
    position = 0
    while position < len(raw):
        if raw[position] in _SPACE:
            position += 1
            continue
        start = position
        while position < len(raw) and raw[position] not in _SPACE:
            position += 1
        found.append((start, position))
    return found


def _rebuild(
    raw: str,
    tokens: list[tuple[int, int]],
    kept: list[tuple[int, int]],
    added: list[str],
) -> str:
    """The value with removed tokens cut out (with the white space before them, or after
    them for the first one) and new tokens appended after the last kept one."""
    if not kept:
        return " ".join(added)
    keep = set(kept)
    cuts: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(tokens):
        if (start, end) in keep:
            continue
        if index:
            cuts.append((tokens[index - 1][1], end))
        else:
            cuts.append((start, tokens[1][0] if len(tokens) > 1 else end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(cuts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    pieces = []
    position = 0
    for start, end in merged:
        pieces.append(raw[position:start])
        position = end
    pieces.append(raw[position:])
    value = "".join(pieces)
    # Kept tokens are never inside a cut, so the last one's end moves by whole cuts.
    at = kept[-1][1] - sum(end - start for start, end in merged if end <= kept[-1][1])
    return value[:at] + "".join(" " + token for token in added) + value[at:]
