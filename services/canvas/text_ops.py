"""Text ops from the canvas's rich-text editing: `setText` and `setChildren`.

`setText` changes one text node; `setChildren` rewrites an element's content from *runs*
(text, existing children by reference, and new `b i u s br` markup). Existing children
are written as their exact source, and a text run where a text node was keeps that
node's bytes wherever the text did not change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..templates import Edit, EditError, ElementNode, Node, TemplateDocument, TextNode
from ..templates.canvas_ops import tree_node
from .text_codec import atoms, escape_text, rewrite, rewrite_text

#: New markup a rich-text commit may create (`br` has no content).
RUN_TAGS = frozenset({"b", "i", "u", "s", "br"})
MAX_RUN_DEPTH = 32


def set_text(document: TemplateDocument, node_id: str, text: str) -> list[Edit]:
    """`setText`: a text node's new decoded text; empty text deletes the node."""
    node = tree_node(document, node_id)
    if not isinstance(node, TextNode):
        raise EditError(f"node {node_id!r} is a {node.type}, not text")
    if not text:
        return [Edit(node_id, "")]
    new = rewrite_text(node.raw, text)
    return [] if new == node.raw else [Edit(node_id, new)]


def _descendants(node: Node) -> dict[str, Node]:
    found: dict[str, Node] = {}
    stack = list(node.children)
    while stack:
        child = stack.pop()
        found[child.id] = child
        stack.extend(child.children)
    return found


class _Writer:
    def __init__(self, element: ElementNode) -> None:
        self.element = element
        self.children = element.children
        self.descendants = _descendants(element)
        self.used: set[str] = set()
        #: Index of the old child a text run at this point would replace.
        self.anchor = 0

    def write(self, runs: object, depth: int, top: bool) -> str:
        if not isinstance(runs, list):
            raise EditError("'runs' must be a list")
        if depth > MAX_RUN_DEPTH:
            raise EditError(f"runs are nested deeper than {MAX_RUN_DEPTH}")
        return "".join(self.run(run, depth, top) for run in runs)

    def run(self, run: object, depth: int, top: bool) -> str:
        if not isinstance(run, Mapping):
            raise EditError("each run must be an object")
        if "text" in run:
            return self.text(run["text"], top)
        if "ref" in run:
            return self.ref(run["ref"], top)
        if "tag" in run:
            return self.markup(run, depth)
        raise EditError("a run needs 'text', 'ref' or 'tag'")

    def text(self, text: object, top: bool) -> str:
        if not isinstance(text, str):
            raise EditError("a text run's 'text' must be a string")
        old = self.children[self.anchor] if top and self.anchor < len(self.children) else None
        if isinstance(old, TextNode) and old.id not in self.used:
            self.used.add(old.id)
            self.anchor += 1
            return rewrite(atoms(old.raw), text, escape_text)
        return escape_text(text)

    def ref(self, ref: object, top: bool) -> str:
        if not isinstance(ref, str) or ref not in self.descendants:
            raise EditError(f"run ref {ref!r} is not a node inside {self.element.id!r}")
        if ref in self.used:
            raise EditError(f"run ref {ref!r} is used twice")
        node = self.descendants[ref]
        self.used.add(ref)
        if top and node in self.children:
            self.anchor = self.children.index(node) + 1
        return node.raw

    def markup(self, run: Mapping[str, object], depth: int) -> str:
        tag = run["tag"]
        if tag not in RUN_TAGS:
            raise EditError(f"run tag {tag!r} is not one of {sorted(RUN_TAGS)}")
        if tag == "br":
            if run.get("runs"):
                raise EditError("a br run has no content")
            return "<br>"
        inner = self.write(run.get("runs", []), depth + 1, top=False)
        return f"<{tag}>{inner}</{tag}>"


#: Whitespace HTML collapses (not the no-break space, which the user typed).
_COLLAPSIBLE = " \t\n\r\f"
#: Elements whose edge whitespace never shows (block boxes).
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li td th blockquote center dt dd figcaption caption".split()
)


def _edge(text: str, end: bool) -> str:
    core = text.rstrip(_COLLAPSIBLE) if end else text.lstrip(_COLLAPSIBLE)
    return text[len(core) :] if end else text[: len(text) - len(core)]


def keep_edge_whitespace(old: str, new: str, block: bool) -> str:
    """`new` with the whitespace `old` had before its first and after its last visible
    character. A browser edits that whitespace away (contenteditable normalises the
    text around the caret) though it never shows: in a block element, or when it holds
    a line break (the tags on lines of their own). Only what the user changed changes."""
    lead, trail = _edge(old, end=False), _edge(old, end=True)
    if lead == old:  # whitespace only: one edge
        trail = ""
    keep_lead = lead and (block or "\n" in lead or "\r" in lead)
    keep_trail = trail and (block or "\n" in trail or "\r" in trail)
    if keep_lead:
        new = lead + new.lstrip(_COLLAPSIBLE)
    if keep_trail and not (keep_lead and new == lead):
        new = new.rstrip(_COLLAPSIBLE) + trail
    return new


def set_children(document: TemplateDocument, element_id: str, runs: Sequence[object]) -> list[Edit]:
    """`setChildren`: an element's content rewritten from runs (see the module doc)."""
    element = tree_node(document, element_id)
    if not isinstance(element, ElementNode) or element.end_tag is None:
        what = element.type if not isinstance(element, ElementNode) else "element without end tag"
        raise EditError(f"node {element_id!r} is a {what}; its content cannot be set")
    old = document.span_of(f"{element_id}#children").slice(document.source)
    new = _Writer(element).write(list(runs), 0, top=True)
    new = keep_edge_whitespace(old, new, element.tag_name.lower() in _BLOCKS)
    return [] if new == old else [Edit(f"{element_id}#children", new)]
