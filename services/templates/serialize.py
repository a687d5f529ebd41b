"""Template text back from a tree, and the invariant that makes that lossless.

`serialize` rebuilds the text from each node's *parts* (a start tag, the children, an end
tag; a section's two tags around its children; a leaf's own slice), never from names or
attribute values, so an unedited tree gives back the user's exact text. `check_tiling`
states why that holds: every node's parts and children cover its span with no gap and
no overlap. The property tests check both on arbitrary input.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import (
    AttributeNode,
    AvDirectiveNode,
    ElementNode,
    Node,
    RawTextNode,
    SectionNode,
    TemplateDocument,
)
from .spans import Span


def _frame(node: Node) -> tuple[Span, Span] | None:
    """The (opening, closing) spans around a container's children, if it has them."""
    if isinstance(node, ElementNode) and node.end_tag is not None:
        return node.start_tag, node.end_tag
    if isinstance(node, SectionNode):
        return node.open_tag.span, node.close_tag.span
    if isinstance(node, AvDirectiveNode):
        return node.open_marker, node.close_marker
    return None


def _emit(node: Node, out: list[str]) -> None:
    frame = _frame(node)
    if frame is None:
        out.append(node.raw)
        return
    opening, closing = frame
    out.append(opening.slice(node.source))
    for child in node.children:
        _emit(child, out)
    out.append(closing.slice(node.source))


def serialize_nodes(nodes: Iterable[Node]) -> str:
    out: list[str] = []
    for node in nodes:
        _emit(node, out)
    return "".join(out)


def serialize(document: TemplateDocument) -> str:
    """The template text of `document`, rebuilt from its nodes."""
    return serialize_nodes(document.children)


def _check_sequence(
    label: str, start: int, end: int, spans: list[Span], problems: list[str]
) -> None:
    position = start
    for span in spans:
        if span.start != position:
            problems.append(
                f"{label}: expected a part at {position}, found [{span.start}, {span.end})"
            )
        position = span.end
    if position != end:
        problems.append(f"{label}: parts end at {position}, expected {end}")


def _check_inside(label: str, outer: Span, inner: Iterable[Node], problems: list[str]) -> None:
    position = outer.start
    for node in inner:
        if node.start < position or node.end > outer.end:
            problems.append(f"{label}: {node.id} [{node.start}, {node.end}) is outside or overlaps")
        position = node.end


def _check_node(node: Node, problems: list[str]) -> None:
    if node.raw != node.source[node.start : node.end] or node.start > node.end:
        problems.append(f"{node.id}: bad span")
    frame = _frame(node)
    if frame is not None:
        opening, closing = frame
        spans = [opening, *(child.span for child in node.children), closing]
        _check_sequence(node.id, node.start, node.end, spans, problems)
    elif node.children:
        problems.append(f"{node.id}: has children but no frame")
    if isinstance(node, ElementNode | RawTextNode):
        if node.start_tag.start != node.start:
            problems.append(f"{node.id}: start tag does not start the node")
        in_tag = sorted([*node.attributes, *node.tag_anki_tags], key=lambda n: n.start)
        _check_inside(node.id, node.start_tag, in_tag, problems)
    if isinstance(node, RawTextNode):
        content_end = node.end if node.end_tag is None else node.end_tag.start
        _check_sequence(
            node.id, node.start, node.end,
            [node.start_tag, node.content] + ([] if node.end_tag is None else [node.end_tag]),
            problems,
        )  # fmt: skip
        if node.content.end != content_end:
            problems.append(f"{node.id}: content does not reach the end tag")
        _check_inside(node.id, node.content, node.content_anki_tags, problems)
    if isinstance(node, AttributeNode):
        _check_inside(node.id, node.span, node.anki_tags, problems)
    for child in (*node.embedded(), *node.children):
        _check_node(child, problems)


def check_tiling(document: TemplateDocument) -> list[str]:
    """Problems with the tree's coverage of the text; [] when it is lossless."""
    problems: list[str] = []
    spans = [child.span for child in document.children]
    _check_sequence("document", 0, len(document.source), spans, problems)
    for child in document.children:
        _check_node(child, problems)
    ids = [node.id for node in document.walk()]
    if len(ids) != len(set(ids)):
        problems.append("duplicate node ids")
    return problems
