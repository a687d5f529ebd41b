"""HTML gallery exporter: the note type as one standalone, safe-to-open .html file.

Every card type's front and back is rendered by Anki's own renderer (through the
`notetypes:read` capability) with the first few notes of the note type, or a sample note
when it has none, and shown next to the note type's CSS. See README.md.
"""

from __future__ import annotations

from typing import Any

from atd_sdk import hookimpl
from atd_sdk.contributions import Exporter

from .gallery import CardTypeSection, CardView, gallery_page

NOTES_PER_CARD_TYPE = 3
MODEL_CLOZE = 1


def _render(read: Any, draft: dict[str, Any], card_ord: int, note_id: int | None) -> dict:
    rendered = read.render(draft, card_ord, note_id)
    numbers = rendered["clozeNumbers"]
    if draft.get("type") == MODEL_CLOZE and numbers and card_ord + 1 not in numbers:
        rendered = read.render(draft, numbers[0] - 1, note_id)  # the note's first cloze
    return rendered


def build_gallery(read: Any, draft: dict[str, Any]) -> bytes:
    notes = read.notes(int(draft["id"]), NOTES_PER_CARD_TYPE) or [{"id": None, "label": ""}]
    is_cloze = draft.get("type") == MODEL_CLOZE
    templates = draft["tmpls"][:1] if is_cloze else draft["tmpls"]
    css = ""
    sections = []
    for card_ord, template in enumerate(templates):
        section = CardTypeSection(str(template.get("name") or f"Card {card_ord + 1}"))
        for note in notes:
            rendered = _render(read, draft, card_ord, note["id"])
            css = rendered["css"]
            section.views.append(
                CardView(
                    label=str(note["label"]),
                    question=rendered["question"],
                    answer=rendered["answer"],
                    body_class=rendered["bodyClass"],
                    is_sample=rendered["isSample"],
                    problem=rendered["problem"],
                )
            )
        sections.append(section)
    return gallery_page(str(draft.get("name", "")), sections, css or draft.get("css", "")).encode(
        "utf-8"
    )


@hookimpl
def atd_exporters(context: Any) -> list[Exporter]:
    read = context.capabilities.notetypes_read

    def export(draft: dict[str, Any]) -> bytes:
        return build_gallery(read, draft)

    return [Exporter("html_gallery", "HTML gallery", "html", export, "text/html")]
