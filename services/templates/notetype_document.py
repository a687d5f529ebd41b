"""A whole note type: every card type's front and back template plus the shared CSS.

Built from Anki's NotetypeDict (`col.models.get(...)`) and turned back into the strings
Anki stores. Nothing else in the dict is interpreted or changed: `apply_to` copies the
dict and replaces only `qfmt`, `afmt` and `css`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .anki_syntax import unknown_field_references
from .css_model import CssDocument
from .css_scan import parse_css
from .model import AnkiTagNode, JsonDict, TemplateDocument
from .parser import parse_template

MODEL_CLOZE = 1  # anki.consts.MODEL_CLOZE, without importing anki here


@dataclass(frozen=True)
class CardTypeDocument:
    """One card type: its name, position and both sides."""

    name: str
    ord: int
    front: TemplateDocument
    back: TemplateDocument

    def side(self, side: str) -> TemplateDocument:
        if side not in ("front", "back"):
            raise ValueError(f"side must be 'front' or 'back', not {side!r}")
        return self.front if side == "front" else self.back


@dataclass(frozen=True)
class NoteTypeDocument:
    name: str
    id: int
    is_cloze: bool
    fields: tuple[str, ...]
    card_types: tuple[CardTypeDocument, ...]
    css: CssDocument
    _source: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_notetype(
        cls,
        notetype: Mapping[str, Any],
        template_parser: Callable[[str], TemplateDocument] = parse_template,
        css_parser: Callable[[str], CssDocument] = parse_css,
    ) -> NoteTypeDocument:
        """Parse every template and the CSS of an Anki note type dict (the parsers can be
        a cache's: documents are immutable)."""
        card_types = tuple(
            CardTypeDocument(
                name=str(template.get("name", "")),
                ord=index,
                front=template_parser(str(template.get("qfmt", ""))),
                back=template_parser(str(template.get("afmt", ""))),
            )
            for index, template in enumerate(notetype.get("tmpls", []))
        )
        return cls(
            name=str(notetype.get("name", "")),
            id=int(notetype.get("id", 0) or 0),
            is_cloze=notetype.get("type") == MODEL_CLOZE,
            fields=tuple(str(f.get("name", "")) for f in notetype.get("flds", [])),
            card_types=card_types,
            css=css_parser(str(notetype.get("css", ""))),
            _source=notetype,
        )

    def card_type(self, name_or_ord: str | int) -> CardTypeDocument:
        for card_type in self.card_types:
            if card_type.ord == name_or_ord or card_type.name == name_or_ord:
                return card_type
        raise LookupError(f"note type {self.name!r} has no card type {name_or_ord!r}")

    def with_template(self, ord: int, side: str, document: TemplateDocument) -> NoteTypeDocument:
        """A copy with one side of one card type replaced (e.g. after `apply_edits`)."""
        if side not in ("front", "back"):
            raise ValueError(f"side must be 'front' or 'back', not {side!r}")
        card_types = list(self.card_types)
        current = self.card_type(ord)
        updated = (
            replace(current, front=document) if side == "front" else replace(current, back=document)
        )
        card_types[card_types.index(current)] = updated
        return replace(self, card_types=tuple(card_types))

    def with_css(self, css: CssDocument) -> NoteTypeDocument:
        return replace(self, css=css)

    def to_notetype_fields(self) -> dict[str, object]:
        """The strings Anki stores: {"css": ..., "tmpls": [{"name", "qfmt", "afmt"}, ...]}."""
        return {
            "css": self.css.source,
            "tmpls": [
                {"name": ct.name, "qfmt": ct.front.source, "afmt": ct.back.source}
                for ct in self.card_types
            ],
        }

    def apply_to(self, notetype: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """A deep copy of the note type dict with qfmt/afmt/css replaced, nothing else."""
        result: dict[str, Any] = copy.deepcopy(
            dict(notetype if notetype is not None else self._source)
        )
        templates = result.get("tmpls", [])
        if len(templates) != len(self.card_types):
            raise ValueError("the note type's card types changed since it was parsed")
        for template, card_type in zip(templates, self.card_types, strict=True):
            template["qfmt"] = card_type.front.source
            template["afmt"] = card_type.back.source
        result["css"] = self.css.source
        return result

    def unknown_fields(self) -> list[tuple[str, str, AnkiTagNode]]:
        """(card type, side, tag) for every tag naming a field the note type lacks."""
        found = []
        for card_type in self.card_types:
            for side in ("front", "back"):
                document = card_type.side(side)
                by_start = {tag.start: tag for tag in document.anki_tags()}
                tags = [t.tag for t in by_start.values()]
                bad = unknown_field_references(tags, self.fields, card_type.ord)
                found += [(card_type.name, side, by_start[tag.start]) for tag in bad]
        return found

    def to_json(self) -> JsonDict:
        return {
            "type": "notetype",
            "id": self.id,
            "name": self.name,
            "kind": "cloze" if self.is_cloze else "standard",
            "fields": list(self.fields),
            "cardTypes": [
                {
                    "name": ct.name,
                    "ord": ct.ord,
                    "front": ct.front.to_json(),
                    "back": ct.back.to_json(),
                }
                for ct in self.card_types
            ],
            "css": self.css.to_json(),
        }


def parse_notetype(notetype: Mapping[str, Any]) -> NoteTypeDocument:
    return NoteTypeDocument.from_notetype(notetype)
