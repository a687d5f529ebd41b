"""The canvas's Python side: compact trees, ops applied as span edits, field display.

The page never parses or writes template text: it asks for trees (`tree`), sends ops
(`edit`) and gets back the new texts with their trees. Parses are shared through a small
LRU so a text this service just returned is not parsed again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from anki.models import NotetypeDict

from ..templates import EditError
from ..templates.parse_cache import ParseCache
from .batch import apply_ops
from .display import DisplayRequest, FieldDisplay
from .ops import ops_of
from .tree_json import JsonDict, tree_of

#: Ops one `canvas.edit` may carry.
MAX_OPS = 200


class CanvasService:
    def __init__(
        self, fields: FieldDisplay | None = None, parses: ParseCache | None = None
    ) -> None:
        self.fields = fields
        self.parses = parses or ParseCache()

    def tree(self, docs: Mapping[str, str]) -> dict[str, JsonDict]:
        """The compact tree of every document (`css` is CSS, other keys templates)."""
        return {key: tree_of(self.parses.document(key, text)) for key, text in docs.items()}

    def edit(self, docs: Mapping[str, str], ops: Sequence[object]) -> JsonDict:
        """Apply the ops (all or nothing; raises EditError naming the op that failed).

        Returns `{docs: {key: {text, tree}}, select: {doc, id} | None}`: every document
        sent, and the node the first inserting or moving op asks to select.
        """
        if len(ops) > MAX_OPS:
            raise EditError(f"{len(ops)} ops in one request; the limit is {MAX_OPS}")
        documents, select = apply_ops(docs, ops_of(ops), self.parses.document)
        return {
            "docs": {
                key: {"text": document.source, "tree": tree_of(document)}
                for key, document in documents.items()
            },
            "select": None if select is None else {"doc": select[0], "id": select[1]},
        }

    def source(self, key: str, text: str, node_ids: Sequence[str]) -> list[str]:
        """The exact source of template nodes (what copy and duplicate insert again)."""
        document = self.parses.document(key, text)
        try:
            return [document.node(node_id).raw for node_id in node_ids]
        except LookupError as error:
            raise EditError(str(error)) from None

    def display(self, draft: NotetypeDict, request: DisplayRequest) -> JsonDict:
        """How the requested field tags, attribute values and section conditions render
        for the note the preview shows (see `display.py`)."""
        if self.fields is None:
            raise RuntimeError("this canvas service has no collection to render fields with")
        return self.fields.display(draft, request)
