"""Applying a preset to a note type: a new draft, never a write to the collection.

The result is the note type dict as it would be after applying; the designer shows it and
saves it as one undoable step like any other edit (and warns first if card types were
added, which forces a full sync). Field references in the preset's templates are
rewritten to the note type's field names with the document model's
`rename_field_everywhere` (sections, filters, tags inside attributes and scripts alike),
all renames of one template in one pass, so swapping two names works.

* **design**: card type *n* of the preset becomes the front/back of card type *n* of the
  note type (its name, deck and browser settings are kept); card types the preset has
  beyond the note type's are added; the note type's extra card types are left as they
  are and reported. The CSS is replaced. A cloze design needs a cloze note type and the
  other way round.
* **theme**: the theme block of the CSS is replaced (or put first); nothing else changes.
* **snippet**: its CSS is added as a marked block (replaced if it is already there); its
  template text, with fields renamed, is returned for the canvas to drop where the user
  wants it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..templates import apply_edits_to_text, parse_template, rename_field_everywhere
from .errors import PresetError
from .mapping import FieldMapping, suggest_mapping
from .model import Design, Preset, Snippet, Theme
from .theme import replace_marked_block, with_theme

MODEL_CLOZE = 1  # anki.consts.MODEL_CLOZE
SNIPPET_START = "/* atd-snippet: "
SNIPPET_END = "/* atd-snippet-end: "


@dataclass(frozen=True)
class ApplyResult:
    draft: dict[str, Any]
    mapping: FieldMapping
    #: Note type fields the preset does not use.
    unused_fields: list[str] = field(default_factory=list)
    added_card_types: list[str] = field(default_factory=list)
    kept_card_types: list[str] = field(default_factory=list)
    #: A snippet's template text, fields renamed (None for designs and themes).
    snippet: str | None = None
    #: Media files the preset brings (to be added to the collection's media).
    media: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "draft": self.draft,
            "mapping": self.mapping.to_json(),
            "unmapped": self.mapping.unmapped(),
            "unusedFields": self.unused_fields,
            "addedCardTypes": self.added_card_types,
            "keptCardTypes": self.kept_card_types,
            "snippet": self.snippet,
            "media": self.media,
        }


def rename_fields(text: str, renames: Mapping[str, str]) -> str:
    """`text` with every reference to each `old` field pointing at `renames[old]`."""
    wanted = {old: new for old, new in renames.items() if old != new}
    if not wanted:
        return text
    document = parse_template(text)
    edits = [
        edit for old, new in wanted.items() for edit in rename_field_everywhere(document, old, new)
    ]
    return apply_edits_to_text(document, edits) if edits else text


def note_fields(notetype: Mapping[str, Any]) -> list[str]:
    names = (f.get("name") for f in notetype.get("flds", []) if isinstance(f, Mapping))
    return [name for name in names if isinstance(name, str) and name]


def _new_card_type(draft: dict[str, Any], name: str) -> dict[str, Any]:
    """A new card type shaped like the note type's first one (as Anki's "Add" does)."""
    template: dict[str, Any] = copy.deepcopy(draft["tmpls"][0])
    template.pop("id", None)
    taken = {str(t["name"]).casefold() for t in draft["tmpls"]}
    unique, number = name, 2
    while unique.casefold() in taken:
        unique = f"{name} ({number})"
        number += 1
    template.update(
        {
            "name": unique,
            "ord": None,
            "did": None,
            "bqfmt": "",
            "bafmt": "",
            "bfont": "",
            "bsize": 0,
        }
    )
    return template


def _apply_design(
    design: Design, draft: dict[str, Any], renames: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    is_cloze = draft.get("type") == MODEL_CLOZE
    if (design.note_kind == "cloze") != is_cloze:
        wanted = "a cloze" if design.note_kind == "cloze" else "a standard (non-cloze)"
        raise PresetError(
            f"this design is for {wanted} note type and {draft.get('name', 'this note type')!r} "
            f"is {'a cloze' if is_cloze else 'a standard'} one; pick another note type or design"
        )
    added = []
    for index, card_type in enumerate(design.card_types):
        if index >= len(draft["tmpls"]):
            draft["tmpls"].append(_new_card_type(draft, card_type.name))
            added.append(draft["tmpls"][-1]["name"])
        template = draft["tmpls"][index]
        template["qfmt"] = rename_fields(card_type.front, renames)
        template["afmt"] = rename_fields(card_type.back, renames)
    kept = [str(t["name"]) for t in draft["tmpls"][len(design.card_types) :]]
    draft["css"] = design.css
    return added, kept


def snippet_css_block(preset: Preset) -> str:
    label = " ".join(preset.name.replace("*/", "* /").split())
    return f"{SNIPPET_START}{label} */\n{preset.snippet.css.strip()}\n{SNIPPET_END}{label} */\n"


def apply_preset(
    preset: Preset, notetype: Mapping[str, Any], mapping: FieldMapping | None = None
) -> ApplyResult:
    """The note type as it would be with `preset` applied (the input is not changed)."""
    fields = note_fields(notetype)
    if mapping is None:
        mapping = suggest_mapping(preset.fields, fields)
    renames = mapping.targets()
    draft: dict[str, Any] = copy.deepcopy(dict(notetype))
    body = preset.body
    added: list[str] = []
    kept: list[str] = []
    snippet = None
    if isinstance(body, Design):
        added, kept = _apply_design(body, draft, renames)
    elif isinstance(body, Theme):
        draft["css"] = with_theme(str(draft.get("css", "")), body, preset.name)
    elif isinstance(body, Snippet):
        snippet = rename_fields(body.template, renames)
        if body.css.strip():
            label = " ".join(preset.name.replace("*/", "* /").split())
            draft["css"] = replace_marked_block(
                str(draft.get("css", "")),
                snippet_css_block(preset),
                f"{SNIPPET_START}{label} */",
                f"{SNIPPET_END}{label} */",
                first=False,
            )
    used = set(renames.values())
    return ApplyResult(
        draft=draft,
        mapping=mapping,
        unused_fields=[f for f in fields if f not in used] if preset.fields else [],
        added_card_types=added,
        kept_card_types=kept,
        snippet=snippet,
        media=[m.name for m in preset.media],
    )
