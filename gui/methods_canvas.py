"""Bridge methods for the visual canvas: compact trees, ops, and field display.

The page holds the texts (in its draft) and sends the ones a call needs; Python parses,
applies ops as span edits and answers with texts and trees. A bad op is the page's
mistake, reported as `invalid_params` naming the op; nothing is half-applied.
"""

from __future__ import annotations

from typing import Any

from ..services.canvas import CanvasService
from ..services.registry import Registry
from .bridge import Method, params

#: Longest template side or CSS the canvas accepts (well under the 4 MiB message cap).
MAX_DOC_CHARS = 1_000_000
#: Card types have two sides each (Anki allows far fewer than 500 card types).
MAX_DOCS = 1001

DOCS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"type": "string", "minLength": 1, "maxLength": 64},
    "additionalProperties": {"type": "string", "maxLength": MAX_DOC_CHARS},
    "maxProperties": MAX_DOCS,
}


def canvas_methods(registry: Registry) -> list[Method]:
    def tree(params: dict[str, Any]) -> dict[str, Any]:
        return {"docs": registry.get(CanvasService).tree(params["docs"])}

    return [
        Method("canvas.tree", tree, params({"docs": DOCS_SCHEMA}, ["docs"])),
    ]
