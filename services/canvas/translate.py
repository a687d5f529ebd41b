"""Carrying an op over to a document that earlier ops of the same request changed.

Ops name nodes of the tree the page sent. After a round of edits is applied and parsed
(`batch.py`), `translate_op` rewrites an op's ids, and the index of an insert or move,
into those of the same nodes in the new parse, found by position (`position_map.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..templates import EditError, TemplateDocument
from ..templates.canvas_ops import container
from .ops import TEMPLATE_OPS, Document, Op, op_name


class NodeFinder:
    """Finds the node of `original` that an id names in `current`, by its mapped span."""

    def __init__(
        self,
        original: Document,
        current: Document,
        span: Callable[[int, int], tuple[int, int] | None],
    ) -> None:
        self.original = original
        self.current = current
        self._span = span
        self._by_span: dict[tuple[int, int, str], str] = {}
        for node in current.walk():
            self._by_span.setdefault((node.start, node.end, node.type), node.id)

    def id(self, node_id: str) -> str:
        node = self.original.node(node_id)
        mapped = self._span(node.start, node.end)
        found = None if mapped is None else self._by_span.get((*mapped, node.type))
        if found is None:
            raise EditError(f"node {node_id!r} was removed or rewritten by an earlier op")
        return found

    def optional_id(self, node_id: object) -> object:
        return self.id(node_id) if isinstance(node_id, str) else node_id

    def find(self, node_id: str) -> str | None:
        try:
            return self.id(node_id)
        except EditError:
            return None

    def index(self, parent: object, index: object, moving: object = None) -> object:
        """Child position `index` of `parent` (original tree) as an index in the current
        tree: before the same child (or, if earlier ops removed it, the next one still
        there), else at the end."""
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            return index
        original = self.original
        if not isinstance(original, TemplateDocument):
            return index
        parent_id = parent if isinstance(parent, str) else None
        if parent_id is None:
            siblings = original.children
        else:
            siblings = container(original, parent_id).children
        others = [c for c in siblings if c.id != moving]
        if index > len(others):
            return index  # compile_op reports it
        current = self.current
        assert isinstance(current, TemplateDocument)
        new_parent = None if parent_id is None else self.id(parent_id)
        new_moving = None if not isinstance(moving, str) else self.id(moving)
        now = current.children if new_parent is None else current.node(new_parent).children
        now_others = [c.id for c in now if c.id != new_moving]
        for child in others[index:]:
            anchor = self.find(child.id)
            if anchor is not None and anchor in now_others:
                return now_others.index(anchor)
        return len(now_others)


def _translate_runs(runs: object, finder: NodeFinder) -> object:
    if not isinstance(runs, list):
        return runs
    translated: list[object] = []
    for run in runs:
        if isinstance(run, Mapping) and isinstance(run.get("ref"), str):
            run = {**run, "ref": finder.id(run["ref"])}
        elif isinstance(run, Mapping) and "runs" in run:
            run = {**run, "runs": _translate_runs(run["runs"], finder)}
        translated.append(run)
    return translated


def translate_op(op: Op, finder: NodeFinder) -> dict[str, Any]:
    """`op` with its ids and index pointing into `finder.current`."""
    name = op_name(op)
    out = dict(op)
    if name == "insert":
        out["index"] = finder.index(op.get("parent"), op.get("index"))
        out["parent"] = finder.optional_id(op.get("parent"))
    elif name == "move":
        out["index"] = finder.index(op.get("parent"), op.get("index"), op.get("id"))
        out["parent"] = finder.optional_id(op.get("parent"))
        out["id"] = finder.optional_id(op.get("id"))
    elif name == "delete":
        ids = op.get("ids")
        if isinstance(ids, list):
            out["ids"] = [finder.optional_id(node_id) for node_id in ids]
    elif name == "setDecl":
        out["rule"] = finder.optional_id(op.get("rule"))
        create = op.get("create")
        if isinstance(create, Mapping):
            out["create"] = {**create, "after": finder.optional_id(create.get("after"))}
    elif name in TEMPLATE_OPS:
        out["id"] = finder.optional_id(op.get("id"))
        if name == "setChildren":
            out["runs"] = _translate_runs(op.get("runs"), finder)
    return out
