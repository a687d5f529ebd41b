"""The built-in gallery: presets shipped with the add-on, as JSON files in this folder.

They are read like any preset (schema-checked) but are read-only: the store never writes
them, and changing one means duplicating it first. Files are named `NN-slug.json`; the
number orders the gallery and the id is `builtin-<slug>`. Designs read only the
`--atd-*` variables of their theme block, so every theme restyles every design.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ...validation import Problem
from ..errors import InvalidPreset
from ..model import Preset
from ..schema import read_preset_json

GALLERY_DIR = Path(__file__).resolve().parent
BUILTIN_PREFIX = "builtin-"


def load_gallery(directory: Path = GALLERY_DIR) -> tuple[Preset, ...]:
    """Every preset in `directory`, in file name order; a broken one raises (tests keep
    the shipped gallery valid)."""
    presets = []
    for path in sorted(directory.glob("*.json")):
        preset = read_preset_json(
            json.loads(path.read_text(encoding="utf-8")), str(path), builtin=True
        )
        expected = BUILTIN_PREFIX + path.stem.split("-", 1)[-1]
        if preset.id != expected:
            raise InvalidPreset(str(path), [Problem("/id", f"must be {expected!r}")])
        if preset.media:
            raise InvalidPreset(str(path), [Problem("/media", "built-in presets carry no media")])
        presets.append(preset)
    return tuple(presets)


@functools.cache
def shipped_gallery() -> tuple[Preset, ...]:
    return load_gallery()
