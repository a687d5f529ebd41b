"""The compact tree the canvas builds its components from (`canvas.tree`).

`TemplateDocument.to_json()` repeats every node's `raw` at every depth (a 600-node
template gives ~200 KB). The canvas needs much less: per node its path `id`, a type `t`
and `k`, a short hash of the node's exact text that tells the page whether a subtree
changed (equal `k`: identical bytes, so only ids need relabelling). Raw text is sent only
where the canvas shows it as code (sections' tags, fields, comments, raw regions).

Template node shapes (`t`): `el`, `text`, `field`, `section`, `av`, `rawtext`, `comment`,
`declaration`, `delimiters`, `raw`; CSS: `rule`, `atRule`, `comment`, `raw` (white space
is left out). docs/bridge.md lists every key.
"""

from __future__ import annotations

import hashlib
import html

from ..templates import (
    AnkiTagNode,
    AttributeNode,
    AvDirectiveNode,
    CommentNode,
    CssDocument,
    CssNode,
    DeclarationNode,
    DelimiterNode,
    ElementNode,
    Node,
    RawNode,
    RawTextNode,
    SectionNode,
    TemplateDocument,
    TextNode,
)
from ..templates.model import RAW_REASONS

JsonDict = dict[str, object]


def text_hash(raw: str) -> str:
    """16 hex digits identifying `raw` (the reconcile key `k`)."""
    data = raw.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _attribute(attribute: AttributeNode) -> JsonDict:
    value = attribute.value
    item: JsonDict = {"n": attribute.name, "v": None if value is None else html.unescape(value)}
    span = attribute.value_span
    if span is not None and any(
        tag.start < span.end and span.start < tag.end for tag in attribute.anki_tags
    ):
        item["tags"] = True
    return item


def _attributes(node: ElementNode | RawTextNode) -> list[JsonDict]:
    return [_attribute(attribute) for attribute in node.attributes]


def _children(node: Node) -> list[JsonDict]:
    return [template_node(child) for child in node.children]


def template_node(node: Node) -> JsonDict:
    """One template node (and its subtree) in the compact shape."""
    base: JsonDict = {"id": node.id, "k": text_hash(node.raw)}
    if isinstance(node, ElementNode):
        return {
            **base,
            "t": "el",
            "tag": node.tag_name.lower(),
            "attrs": _attributes(node),
            # No end tag (a void element or `<div/>`): nothing can be inserted into it.
            "void": node.end_tag is None,
            "c": _children(node),
        }
    if isinstance(node, TextNode):
        return {**base, "t": "text", "text": html.unescape(node.raw)}
    if isinstance(node, AnkiTagNode):
        tag = node.tag
        return {
            **base,
            "t": "field",
            "key": tag.key,
            "filters": [item.text for item in tag.filters],
            "special": tag.is_special,
            "src": node.raw,
        }
    if isinstance(node, SectionNode):
        return {
            **base,
            "t": "section",
            "key": node.key,
            "inverted": node.inverted,
            "open": node.open_tag.raw,
            "close": node.close_tag.raw,
            "c": _children(node),
        }
    if isinstance(node, AvDirectiveNode):
        return {
            **base,
            "t": "av",
            "name": node.name,
            "options": [{"key": key, "value": value} for key, value in node.options],
            "src": node.raw,
            "c": _children(node),
        }
    if isinstance(node, RawTextNode):
        return {
            **base,
            "t": "rawtext",
            "tag": node.tag_name.lower(),
            "attrs": _attributes(node),
            "content": node.content.slice(node.source),
        }
    if isinstance(node, RawNode):
        message = RAW_REASONS.get(node.reason, node.reason)
        return {**base, "t": "raw", "raw": node.raw, "reason": node.reason, "message": message}
    if isinstance(node, CommentNode | DeclarationNode | DelimiterNode):
        return {**base, "t": node.type, "raw": node.raw}
    raise TypeError(f"no compact form for a {node.type} node")


def template_tree(document: TemplateDocument) -> JsonDict:
    return {"kind": "template", "nodes": [template_node(child) for child in document.children]}


def _declaration(node: CssNode) -> JsonDict:
    return {
        "id": node.id,
        "prop": node.property_name,
        "value": node.value,
        "important": node.important,
    }


def css_node(node: CssNode) -> JsonDict | None:
    """One CSS node in the compact shape; None for white space."""
    if node.type == "whitespace":
        return None
    item: JsonDict = {"id": node.id, "t": node.type, "k": text_hash(node.raw)}
    if node.type == "rule":
        item["selector"] = node.selector
    elif node.type == "atRule":
        item["name"] = node.name
        item["prelude"] = node.selector
    else:
        item["raw"] = node.raw
    if node.body is not None:
        item["decls"] = [_declaration(child) for child in node.declarations()]
        item["c"] = _css_list(
            tuple(child for child in node.children if child.type != "declaration")
        )
    return item


def _css_list(nodes: tuple[CssNode, ...]) -> list[JsonDict]:
    return [item for item in map(css_node, nodes) if item is not None]


def css_tree(document: CssDocument) -> JsonDict:
    return {"kind": "css", "rules": _css_list(document.children)}


def tree_of(document: TemplateDocument | CssDocument) -> JsonDict:
    if isinstance(document, CssDocument):
        return css_tree(document)
    return template_tree(document)
