"""Bridge methods for the visual canvas: compact trees, ops, and field display.

The page holds the texts (in its draft) and sends the ones a call needs; Python parses,
applies ops as span edits and answers with texts and trees. A bad op is the page's
mistake: the service's EditError carries `invalid_params` and names the op; nothing is
half-applied.
"""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.schemas import NOTETYPE_SCHEMA
from ...services.canvas import CanvasService
from ...services.canvas.display import DisplayRequest
from ...services.canvas.ops import OP_NAMES
from ...services.canvas.service import MAX_OPS
from ...services.registry import Registry

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

ID: dict[str, Any] = {"type": "string", "maxLength": 4000}
OPTIONAL_ID: dict[str, Any] = {"type": ["string", "null"], "maxLength": 4000}
NAME: dict[str, Any] = {"type": "string", "maxLength": 1000}
NAMES: dict[str, Any] = {"type": "array", "items": NAME, "maxItems": 1000}
# Each op's own fields are checked by the service, which names the op in its message.
OP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "op": {"enum": sorted(OP_NAMES)},
        "doc": {"type": "string", "maxLength": 64},
        "id": ID,
        "ids": {"type": "array", "items": ID, "maxItems": 100_000},
        "parent": OPTIONAL_ID,
        "index": {"type": "integer", "minimum": 0},
        "text": {"type": "string", "maxLength": MAX_DOC_CHARS},
        "name": NAME,
        "value": {"type": ["string", "null", "boolean"], "maxLength": MAX_DOC_CHARS},
        "add": NAMES,
        "remove": NAMES,
        "key": NAME,
        "filters": NAMES,
        "inverted": {"type": "boolean"},
        "runs": {"type": "array"},
        "rule": OPTIONAL_ID,
        "prop": NAME,
        "selector": {"type": "string", "maxLength": 10_000},
        "create": params(
            {"selector": {"type": "string", "maxLength": 10_000}, "after": OPTIONAL_ID},
            ["selector"],
        ),
    },
    "required": ["op", "doc"],
    "additionalProperties": False,
}

SOURCES: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "maxLength": 20_000},
    "maxItems": 5000,
}
DISPLAY_PARAMS: dict[str, Any] = params(
    {
        "draft": NOTETYPE_SCHEMA,
        "cardOrd": {"type": "integer", "minimum": 0, "maximum": 499},
        "side": {"enum": ["question", "answer"]},
        "noteId": {"type": ["integer", "null"]},
        "clozeNumber": {"type": ["integer", "null"], "minimum": 1, "maximum": 499},
        "tags": SOURCES,
        "values": SOURCES,
        "conditions": SOURCES,
    },
    ["draft"],
)


def canvas_methods(registry: Registry) -> list[Method]:
    def tree(params: dict[str, Any]) -> dict[str, Any]:
        return {"docs": registry.get(CanvasService).tree(params["docs"])}

    def edit(params: dict[str, Any]) -> dict[str, Any]:
        return registry.get(CanvasService).edit(params["docs"], params["ops"])

    def source(params: dict[str, Any]) -> list[str]:
        return registry.get(CanvasService).source(params["doc"], params["text"], params["ids"])

    def display(params: dict[str, Any]) -> dict[str, Any]:
        request = DisplayRequest(
            card_ord=params.get("cardOrd", 0),
            side=params.get("side", "question"),
            note_id=params.get("noteId"),
            cloze_number=params.get("clozeNumber"),
            tags=tuple(params.get("tags", [])),
            values=tuple(params.get("values", [])),
            conditions=tuple(params.get("conditions", [])),
        )
        return registry.get(CanvasService).display(params["draft"], request)

    ops_schema = {"type": "array", "items": OP_SCHEMA, "maxItems": MAX_OPS}
    return [
        Method("canvas.tree", tree, params({"docs": DOCS_SCHEMA}, ["docs"])),
        Method(
            "canvas.edit", edit, params({"docs": DOCS_SCHEMA, "ops": ops_schema}, ["docs", "ops"])
        ),
        Method("canvas.display", display, DISPLAY_PARAMS),
        Method(
            "canvas.source",
            source,
            params(
                {
                    "doc": {"type": "string", "maxLength": 64},
                    "text": {"type": "string", "maxLength": MAX_DOC_CHARS},
                    "ids": {"type": "array", "items": ID, "maxItems": 1000},
                },
                ["doc", "text", "ids"],
            ),
        ),
    ]
