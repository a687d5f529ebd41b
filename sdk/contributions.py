"""What plugins contribute besides services and bridge methods, as plain data.

Blocks, components and panels are page code: a JS module (a path inside the plugin's
folder, served by the add-on) plus the metadata the designer shows before loading it.
Lints and exporters are Python callables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: A lint: the draft note type dict in, diagnostics out (each a `services.lint.Diagnostic`
#: or a dict with severity, code, message and optionally card_type, side, line, column).
LintCheck = Callable[[dict[str, Any]], list[Any]]
#: An exporter: the draft note type dict in, the file's bytes out.
ExportFunction = Callable[[dict[str, Any]], bytes]


@dataclass(frozen=True)
class CanvasBlock:
    """A block (drag source) for the canvas, its content made by the JS file `module`.

    Blocks insert template text, which the canvas shows with its own component types.
    There are no plugin component types: they would be plugin code running in the editing
    canvas, where nothing may run (docs/security.md).
    """

    id: str
    label: str
    module: str
    category: str = "Plugins"
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "module": self.module,
            "category": self.category,
            "metadata": dict(self.metadata),
        }


@dataclass(frozen=True)
class Panel:
    """A side-bar panel: a tab titled `title` (1-40 characters), drawn from the views
    `module` (a JS file in the plugin's folder, run in a Web Worker) posts."""

    id: str
    title: str
    module: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "module": self.module}


@dataclass(frozen=True)
class LintRule:
    """A named check run with the built-in lints on validate and before save."""

    code: str
    check: LintCheck
    description: str = ""


@dataclass(frozen=True)
class Exporter:
    """Turns a note type into a file (`extension` without the dot, `media_type`)."""

    id: str
    label: str
    extension: str
    export: ExportFunction
    media_type: str = "application/octet-stream"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "extension": self.extension,
            "mediaType": self.media_type,
        }
