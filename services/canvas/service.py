"""The canvas's Python side: compact trees, ops applied as span edits, field display.

The page never parses or writes template text: it asks for trees (`tree`), sends ops
(`edit`) and gets back the new texts with their trees. Parses are shared through a small
LRU so a text this service just returned is not parsed again.
"""

from __future__ import annotations

from collections.abc import Mapping

from .parse_cache import ParseCache
from .tree_json import JsonDict, tree_of


class CanvasService:
    def __init__(self, parses: ParseCache | None = None) -> None:
        self.parses = parses or ParseCache()

    def tree(self, docs: Mapping[str, str]) -> dict[str, JsonDict]:
        """The compact tree of every document (`css` is CSS, other keys templates)."""
        return {key: tree_of(self.parses.document(key, text)) for key, text in docs.items()}
