"""Applying a request's ops to its documents: as few parses as possible, all or nothing.

Every id and index in an op names the tree of the text the page sent. Ops apply in
order. The ops of one document are compiled against the same parse and applied with one
`apply_edits_to_text` as long as their edits neither overlap nor touch; an op whose
edits would overlap or touch an earlier op's (two changes to one attribute, two
insertions at one place) starts a new round: the edits so far are applied, the text is
parsed again, and the op's ids are carried over to the new parse by position
(`position_map.py`). The result is the same as applying the ops one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ..templates import (
    CssDocument,
    CssNode,
    Edit,
    EditError,
    Node,
    TemplateDocument,
    apply_edits_to_text,
)
from ..templates.canvas_ops import message_of, tree_nodes
from ..templates.edit import target_span
from .ops import Compiled, Op, compile_op, op_name
from .position_map import AppliedEdit, PositionMap, output_positions
from .selection import Existing, Inserted
from .translate import NodeFinder, translate_op

Document = TemplateDocument | CssDocument
Parse = Callable[[str], Document]


class CanvasOpError(EditError):
    """An op cannot be applied; the message names the op (its index and name) and why."""

    def __init__(self, index: int, name: str, reason: str) -> None:
        super().__init__(f"op {index} ({name}): {reason}")
        self.index = index
        self.name = name
        self.reason = reason


@dataclass
class _Pending:
    index: int
    compiled: Compiled
    spans: list[tuple[int, int]]


@dataclass
class _Found:
    """An op's selection, as a span in the text after round `round`."""

    start: int
    end: int
    type: str
    round: int


@dataclass
class DocumentRun:
    """The ops of one document, applied in rounds."""

    original: Document
    parse: Parse
    current: Document = field(init=False)
    rounds: PositionMap = field(default_factory=PositionMap)
    pending: list[_Pending] = field(default_factory=list)
    selections: dict[int, _Found] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.current = self.original

    def add(self, index: int, op: Op) -> None:
        compiled, spans = self._compile(op)
        if any(_touch(span, other) for span in spans for p in self.pending for other in p.spans):
            self.flush()
            compiled, spans = self._compile(op)
        self.pending.append(_Pending(index, compiled, spans))
        if not spans and isinstance(compiled.select, Existing):
            select = compiled.select
            self.selections[index] = _Found(
                select.start, select.end, select.type, len(self.rounds.rounds)
            )

    def _compile(self, op: Op) -> tuple[Compiled, list[tuple[int, int]]]:
        if self.rounds.rounds:
            finder = NodeFinder(self.original, self.current, self.rounds.span)
            op = translate_op(op, finder)
        compiled = compile_op(self.current, op)
        spans = []
        for edit in compiled.edits:
            try:
                span = target_span(self.current, edit.target)
            except LookupError as error:
                raise EditError(message_of(error)) from None
            spans.append((span.start, span.end))
        for (_, end), (start, _) in pairwise(sorted(spans)):
            if end > start:
                raise EditError("the op's own edits overlap")
        return compiled, spans

    def flush(self) -> None:
        """Apply the pending edits as one round and parse the result."""
        pending, self.pending = self.pending, []
        edits: list[Edit] = []
        owners: list[tuple[int, int]] = []  # (op index, edit number in its op)
        for item in pending:
            for number, edit in enumerate(item.compiled.edits):
                edits.append(edit)
                owners.append((item.index, number))
        if not edits:
            return
        text = apply_edits_to_text(self.current, edits)
        # The order apply_edits uses: by span, then by position in the list.
        order = sorted(
            range(len(edits)),
            key=lambda k: (*_span_of(pending, owners[k]), k),
        )
        applied = [AppliedEdit(*_span_of(pending, owners[k]), len(edits[k].text)) for k in order]
        starts = dict(zip(order, output_positions(applied), strict=True))
        self.current = self.parse(text)
        self.rounds.add(applied)
        round_number = len(self.rounds.rounds)
        for item in pending:
            select = item.compiled.select
            if isinstance(select, Inserted):
                k = owners.index((item.index, select.edit))
                at = starts[k] + select.offset
                length = len(edits[k].text) - select.offset
                found = _first_node_in(self.current, at, at + length)
                if found is not None:
                    self.selections[item.index] = _Found(*found, round_number)
            elif isinstance(select, Existing):
                mapped = self.rounds.span(select.start, select.end, round_number - 1)
                if mapped is not None:
                    self.selections[item.index] = _Found(*mapped, select.type, round_number)

    def finish(self) -> Document:
        self.flush()
        return self.current

    def selection(self, index: int) -> str | None:
        """The id, in the final document, of what op `index` asked to select."""
        found = self.selections.get(index)
        if found is None:
            return None
        mapped = self.rounds.span(found.start, found.end, found.round)
        if mapped is None:
            return None
        nodes = _nodes(self.current)
        for node in nodes:
            if (node.start, node.end, node.type) == (*mapped, found.type):
                return node.id
        # Merged with what a later op inserted next to it (two texts become one).
        around = [n for n in nodes if n.start <= mapped[0] and mapped[1] <= n.end]
        return min(around, key=lambda n: n.end - n.start).id if around else None


def _span_of(pending: list[_Pending], owner: tuple[int, int]) -> tuple[int, int]:
    index, number = owner
    item = next(p for p in pending if p.index == index)
    return item.spans[number]


def _touch(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _nodes(document: Document) -> list[Node | CssNode]:
    if isinstance(document, TemplateDocument):
        return list(tree_nodes(document))
    return [node for node in document.walk() if node.type != "whitespace"]


def _first_node_in(document: Document, start: int, end: int) -> tuple[int, int, str] | None:
    """The first node (document order) inside [start, end), preferring one that is not
    white space; else the smallest node around it (inserted text merged into a text)."""
    inside = [n for n in _nodes(document) if start <= n.start and n.end <= end]
    solid = [n for n in inside if not (n.type == "text" and not n.raw.strip())]
    for group in (solid, inside):
        if group:
            return group[0].start, group[0].end, group[0].type
    around = [n for n in _nodes(document) if n.start <= start and end <= n.end]
    if around:
        smallest = min(around, key=lambda n: n.end - n.start)
        return smallest.start, smallest.end, smallest.type
    return None


def _parser(parse: Callable[[str, str], Document], key: str) -> Parse:
    return lambda text: parse(key, text)


def apply_ops(
    docs: Mapping[str, str],
    ops: Sequence[Op],
    parse: Callable[[str, str], Document],
) -> tuple[dict[str, Document], tuple[str, str] | None]:
    """Every op applied; the new documents of every key in `docs` and the first op's
    selection (doc key, node id), if any op selects something."""
    runs: dict[str, DocumentRun] = {}
    for index, op in enumerate(ops):
        name = op_name(op)
        key = op.get("doc")
        if not isinstance(key, str) or key not in docs:
            raise CanvasOpError(index, name, f"'doc' {key!r} is not one of the docs sent")
        if key not in runs:
            runs[key] = DocumentRun(parse(key, docs[key]), _parser(parse, key))
        try:
            runs[key].add(index, op)
        except (EditError, LookupError) as error:
            raise CanvasOpError(index, name, message_of(error)) from None
    result: dict[str, Document] = {}
    for key, text in docs.items():
        result[key] = runs[key].finish() if key in runs else parse(key, text)
    select = None
    for index, op in enumerate(ops):
        run = runs[op["doc"]]
        node_id = run.selection(index)
        if node_id is not None:
            select = (str(op["doc"]), node_id)
            break
    return result, select
