"""Bridge methods for the live preview: render the draft and pick the note to show.

The rendered card goes straight from Python into the preview view (which has no bridge);
the page only learns what was shown (which note, any template problem, cloze numbers).
"""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.hosts import PreviewDisplay
from ...sdk.schemas import NOTETYPE_SCHEMA
from ...services.preview import PreviewOptions, PreviewRenderer
from ...services.preview.service import PreviewService
from ...services.registry import Registry

OPTIONS_SCHEMA: dict[str, Any] = params(
    {
        "cardOrd": {"type": "integer", "minimum": 0, "maximum": 499},
        "side": {"enum": ["question", "answer"]},
        "night": {"type": "boolean"},
        "mobile": {"type": "boolean"},
        "fillEmpty": {"type": "boolean"},
        "noteId": {"type": ["integer", "null"]},
        "device": {"enum": ["desktop", "tablet", "phone"]},
    }
)


def preview_methods(registry: Registry) -> list[Method]:
    def render(params: dict[str, Any]) -> dict[str, Any]:
        draft = params["draft"]
        raw = params.get("options", {})
        options = PreviewOptions(
            card_ord=raw.get("cardOrd", 0),
            side=raw.get("side", "question"),
            night=raw.get("night", False),
            mobile=raw.get("mobile", False),
            fill_empty=raw.get("fillEmpty", False),
            note_id=raw.get("noteId"),
        )
        card = registry.get(PreviewService).render(draft, options)
        display = registry.get(PreviewDisplay)  # type: ignore[type-abstract]
        seq = display.show(card, raw.get("device", "desktop"))
        return {
            "seq": seq,
            "noteId": card.note_id,
            "isSample": card.is_sample,
            "problem": card.problem,
            "clozeNumbers": list(card.cloze_numbers),
        }

    def notes(params: dict[str, Any]) -> list[dict[str, object]]:
        choices = registry.get(PreviewRenderer).notes.search(
            params["notetypeId"], params.get("search", ""), params.get("limit", 50)
        )
        return [c.to_json() for c in choices]

    return [
        Method(
            "preview.render",
            render,
            params({"draft": NOTETYPE_SCHEMA, "options": OPTIONS_SCHEMA}, ["draft"]),
        ),
        Method(
            "preview.notes",
            notes,
            params(
                {
                    "notetypeId": {"type": "integer"},
                    "search": {"type": "string", "maxLength": 500},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 20000},
                },
                ["notetypeId"],
            ),
        ),
    ]
