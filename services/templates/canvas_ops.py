"""Structural edits the canvas needs: insert at a child position, move, flip a section.

Like the helpers in `edit.py`, each returns `Edit`s naming spans of the parsed document;
nothing here writes text around them. Child positions count a container's tree children
(an element with an end tag, a section, an `[anki:...]` block, or the document itself
when the parent is None).
"""

from __future__ import annotations

from collections.abc import Iterator

from .edit import DOCUMENT_END, DOCUMENT_START, Edit, EditError
from .model import (
    AvDirectiveNode,
    ElementNode,
    Node,
    SectionNode,
    TemplateDocument,
)

Container = ElementNode | SectionNode | AvDirectiveNode


def message_of(error: Exception) -> str:
    """An exception's message (a KeyError's str() is the repr of its argument)."""
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    return str(error)


def tree_nodes(document: TemplateDocument) -> Iterator[Node]:
    """Every node of the tree (not attributes or the tags embedded in other nodes)."""
    stack = list(reversed(document.children))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def tree_node(document: TemplateDocument, node_id: str) -> Node:
    """The tree node `node_id` (raises EditError for an attribute or embedded tag)."""
    try:
        node = document.node(node_id)
    except LookupError as error:
        raise EditError(message_of(error)) from None
    parent_id, _, index = node_id.rpartition(".")
    siblings = document.children if not parent_id else _children_of(document, parent_id)
    if not index.isdigit() or int(index) >= len(siblings) or siblings[int(index)] is not node:
        raise EditError(f"{node_id!r} is part of a node, not a node of the tree")
    return node


def _children_of(document: TemplateDocument, node_id: str) -> tuple[Node, ...]:
    try:
        return document.node(node_id).children
    except LookupError:
        return ()


def container(document: TemplateDocument, parent_id: str) -> Container:
    """A node that can take children: an element with an end tag, a section or a block."""
    node = tree_node(document, parent_id)
    if isinstance(node, SectionNode | AvDirectiveNode):
        return node
    if isinstance(node, ElementNode) and node.end_tag is not None:
        return node
    what = f"<{node.tag_name}> without an end tag" if isinstance(node, ElementNode) else node.type
    raise EditError(f"node {parent_id!r} is a {what}; nothing can be inserted into it")


def insertion_target(
    document: TemplateDocument, parent_id: str | None, index: int, moving: Node | None = None
) -> str:
    """The edit target where a node must go to become child `index` of `parent_id`.

    With `moving`, `index` counts the children without that node (the index it will have
    once moved). `index == len(children)` appends: before the end tag or close tag.
    """
    children = document.children if parent_id is None else container(document, parent_id).children
    others = [child for child in children if child is not moving]
    if not 0 <= index <= len(others):
        where = "the document" if parent_id is None else f"node {parent_id!r}"
        raise EditError(f"index {index} is outside 0..{len(others)} for {where}")
    if index < len(others):
        return f"{others[index].id}#before"
    if others:
        return f"{others[-1].id}#after"
    if moving is not None and moving in children:
        return f"{moving.id}#before"  # it was the only child: it stays where it is
    if parent_id is None:
        return DOCUMENT_END if document.source else DOCUMENT_START
    return f"{parent_id}#children"


def insert_at(document: TemplateDocument, parent_id: str | None, index: int, text: str) -> Edit:
    """Insert `text` so that it becomes child `index` of `parent_id` (None: top level)."""
    return Edit(insertion_target(document, parent_id, index), text)


def move_node(
    document: TemplateDocument, node_id: str, parent_id: str | None, index: int
) -> list[Edit]:
    """Move a node's exact text to child position `index` of `parent_id`, counted as the
    index it will have after the move."""
    node = tree_node(document, node_id)
    if parent_id is not None and (parent_id == node_id or parent_id.startswith(node_id + ".")):
        raise EditError(f"node {node_id!r} cannot be moved into itself")
    target = insertion_target(document, parent_id, index, moving=node)
    return [Edit(node_id, ""), Edit(target, node.raw)]


def set_section_inverted(document: TemplateDocument, node_id: str, inverted: bool) -> Edit | None:
    """Switch `{{#K}}` and `{{^K}}` (None when it already is what is asked)."""
    node = tree_node(document, node_id)
    if not isinstance(node, SectionNode):
        raise EditError(f"node {node_id!r} is a {node.type}, not a section")
    if node.inverted == inverted:
        return None
    tag = node.open_tag.tag
    # Between the delimiters: optional "{"s and white space, the sigil, white space, key.
    sigil = node.source.rfind("^" if node.inverted else "#", tag.inner_start, tag.key_start)
    raw = node.open_tag.raw
    at = sigil - node.open_tag.start
    return Edit(node.open_tag.id, raw[:at] + ("^" if inverted else "#") + raw[at + 1 :])
