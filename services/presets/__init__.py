"""Presets: named, versioned designs, themes and snippets (see docs/presets.md).

`PresetService` is the facade the designer uses; the modules behind it each do one job:
`model` (the data), `schema` + `preset.schema.json` and `migrations` (checking and
upgrading), `store` (atomic files with conflict checks), `archive` (.atdpreset files),
`untrusted` (scripts and remote URLs in imports), `mapping` + `apply` (onto a note type),
`create` (from a draft), `theme` (theme CSS) and `gallery/` (the built-in presets).
"""

from .apply import ApplyResult, apply_preset
from .archive import read_preset_file, write_preset_file
from .errors import (
    DuplicateName,
    InvalidPreset,
    PresetConflict,
    PresetError,
    PresetFileError,
    PresetNotFound,
    ReadOnlyPreset,
    StoreBusy,
    UnsupportedSchema,
)
from .mapping import FieldMapping, suggest_mapping
from .model import KINDS, CardTypeTemplates, Design, MediaFile, Preset, Snippet, Theme
from .service import ImportPlan, PresetList, PresetService
from .store import PresetStore, StoredPreset
from .untrusted import Finding, scan_preset, strip_preset

__all__ = [
    "KINDS",
    "ApplyResult",
    "CardTypeTemplates",
    "Design",
    "DuplicateName",
    "FieldMapping",
    "Finding",
    "ImportPlan",
    "InvalidPreset",
    "MediaFile",
    "Preset",
    "PresetConflict",
    "PresetError",
    "PresetFileError",
    "PresetList",
    "PresetNotFound",
    "PresetService",
    "PresetStore",
    "ReadOnlyPreset",
    "Snippet",
    "StoreBusy",
    "StoredPreset",
    "Theme",
    "UnsupportedSchema",
    "apply_preset",
    "read_preset_file",
    "scan_preset",
    "strip_preset",
    "suggest_mapping",
    "write_preset_file",
]
