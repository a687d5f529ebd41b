"""What a preset is, as plain data: one of three kinds of named, versioned bundle.

* a **design**: every card type's front and back template text plus the note type's CSS;
* a **theme**: CSS custom properties (`--atd-*`) for light and night mode;
* a **snippet**: a group of components as template text (plus optional CSS).

Templates are kept as their exact text (the project's canonical form; `services.templates`
parses it losslessly when needed). `fields` lists the note fields the preset refers to,
in order, so applying it can map them onto another note type's fields.

`from_json` expects data that already passed the schema (see `schema.py`); `to_json` is
what the store writes.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

SCHEMA_VERSION = 2
FORMAT_NAME = "atd-preset"
Kind = Literal["design", "theme", "snippet"]
KINDS: tuple[Kind, ...] = ("design", "theme", "snippet")
NoteKind = Literal["standard", "cloze"]


def utc_stamp(seconds: float | None = None) -> str:
    """`2026-05-01T10:00:00Z`: the timestamps stored in presets."""
    return time.strftime(
        "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if seconds is None else seconds)
    )


@dataclass(frozen=True)
class CardTypeTemplates:
    name: str
    front: str
    back: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "front": self.front, "back": self.back}


@dataclass(frozen=True)
class Design:
    note_kind: NoteKind
    card_types: tuple[CardTypeTemplates, ...]
    css: str

    def to_json(self) -> dict[str, Any]:
        return {
            "noteKind": self.note_kind,
            "cardTypes": [c.to_json() for c in self.card_types],
            "css": self.css,
        }

    def templates(self) -> list[str]:
        return [text for c in self.card_types for text in (c.front, c.back)]


@dataclass(frozen=True)
class Theme:
    light: Mapping[str, str]
    night: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"vars": {"light": dict(self.light), "night": dict(self.night)}}


@dataclass(frozen=True)
class Snippet:
    template: str
    css: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "css": self.css}


Body = Design | Theme | Snippet


@dataclass(frozen=True)
class MediaFile:
    """A file shipped with the preset (e.g. a font `_font.woff2`), checked by hash."""

    name: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Preset:
    id: str
    kind: Kind
    name: str
    body: Body
    fields: tuple[str, ...] = ()
    description: str = ""
    revision: int = 1
    created: str = ""
    modified: str = ""
    media: tuple[MediaFile, ...] = ()
    #: Shipped with the add-on (the gallery): read-only, never written by the store.
    builtin: bool = False

    @property
    def design(self) -> Design:
        if not isinstance(self.body, Design):
            raise TypeError(f"preset {self.name!r} is a {self.kind}, not a design")
        return self.body

    @property
    def theme(self) -> Theme:
        if not isinstance(self.body, Theme):
            raise TypeError(f"preset {self.name!r} is a {self.kind}, not a theme")
        return self.body

    @property
    def snippet(self) -> Snippet:
        if not isinstance(self.body, Snippet):
            raise TypeError(f"preset {self.name!r} is a {self.kind}, not a snippet")
        return self.body

    def with_changes(self, **changes: Any) -> Preset:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "description": self.description,
            "revision": self.revision,
            "created": self.created,
            "modified": self.modified,
            "fields": list(self.fields),
            self.kind: self.body.to_json(),
        }
        if self.media:
            data["media"] = [m.to_json() for m in self.media]
        return data

    def summary_json(self) -> dict[str, Any]:
        """What the preset list shows (no template text)."""
        summary: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "description": self.description,
            "revision": self.revision,
            "modified": self.modified,
            "builtin": self.builtin,
            "fields": list(self.fields),
            "media": [m.name for m in self.media],
        }
        if isinstance(self.body, Design):
            summary["noteKind"] = self.body.note_kind
            summary["cardTypes"] = [c.name for c in self.body.card_types]
        return summary

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, builtin: bool = False) -> Preset:
        """A preset from schema-valid JSON of the current schema version."""
        kind: Kind = data["kind"]
        raw = data[kind]
        body: Body
        if kind == "design":
            body = Design(
                note_kind=raw["noteKind"],
                card_types=tuple(
                    CardTypeTemplates(c["name"], c["front"], c["back"]) for c in raw["cardTypes"]
                ),
                css=raw["css"],
            )
        elif kind == "theme":
            body = Theme(dict(raw["vars"]["light"]), dict(raw["vars"].get("night", {})))
        else:
            body = Snippet(raw["template"], raw.get("css", ""))
        return cls(
            id=data["id"],
            kind=kind,
            name=data["name"],
            body=body,
            fields=tuple(data.get("fields", ())),
            description=data.get("description", ""),
            revision=data.get("revision", 1),
            created=data.get("created", ""),
            modified=data.get("modified", ""),
            media=tuple(
                MediaFile(m["name"], m["size"], m["sha256"]) for m in data.get("media", [])
            ),
            builtin=builtin,
        )
