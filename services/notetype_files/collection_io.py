"""Export a collection's note types to folders, and import them back.

Works on any object with Anki's `col.models` API (a real collection in Anki, in `atd` and
in tests); it does not import `anki`. Import matches a folder to a note type by id: the
same note type is updated (nothing is written when it is unchanged), any other becomes a
new note type (Anki gives it new ids, and a new name when the name is taken).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .folder import (
    notetype_folder_names,
    notetype_folders,
    read_notetype_folder,
    write_notetype_folder,
)
from .layout import VOLATILE_KEYS, notetype_to_files

UNCHANGED = "unchanged"
UPDATED = "updated"
ADDED = "added"


@dataclass(frozen=True)
class Imported:
    folder: str
    name: str
    action: str  # UNCHANGED, UPDATED or ADDED
    notetype_id: int


def all_notetypes(col: Any) -> list[dict[str, Any]]:
    """Every note type of `col`, by id."""
    return sorted((dict(nt) for nt in col.models.all()), key=lambda nt: int(nt["id"]))


def notetypes_as_files(notetypes: list[dict[str, Any]]) -> dict[str, bytes]:
    """Note types as one tree of files, `<folder>/<path>` (what export writes to disk)."""
    files: dict[str, bytes] = {}
    for notetype, folder in zip(notetypes, notetype_folder_names(notetypes), strict=True):
        files.update(
            {f"{folder}/{path}": data for path, data in notetype_to_files(notetype).items()}
        )
    return files


def export_notetypes(
    col: Any, out: Path, notetypes: list[dict[str, Any]] | None = None
) -> list[str]:
    """Write `notetypes` (default: all of `col`'s) as folders in `out`; the folder names."""
    chosen = notetypes if notetypes is not None else all_notetypes(col)
    folders = notetype_folder_names(chosen)
    for notetype, folder in zip(chosen, folders, strict=True):
        write_notetype_folder(out / folder, notetype)
    return folders


def _comparable(notetype: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in notetype.items() if k not in VOLATILE_KEYS}


def _fresh(notetype: dict[str, Any]) -> dict[str, Any]:
    """A copy Anki adds as a new note type (ids are the collection's to give)."""
    fresh = copy.deepcopy(notetype)
    fresh["id"] = 0
    fresh["mod"], fresh["usn"] = 0, 0  # set by Anki when it adds the note type
    for item in (*fresh["tmpls"], *fresh["flds"]):
        item["id"] = None
    return fresh


def import_notetype(col: Any, notetype: dict[str, Any], folder: str = "") -> Imported:
    existing = col.models.get(int(notetype.get("id") or 0)) if notetype.get("id") else None
    if existing is not None:
        if _comparable(dict(existing)) == _comparable(notetype):
            return Imported(folder, str(existing["name"]), UNCHANGED, int(existing["id"]))
        updated = {**copy.deepcopy(dict(existing)), **copy.deepcopy(notetype)}
        col.models.update_dict(updated)
        return Imported(folder, str(updated["name"]), UPDATED, int(existing["id"]))
    added = _fresh(notetype)
    new_id = int(col.models.add_dict(added).id)
    return Imported(folder, str(col.models.get(new_id)["name"]), ADDED, new_id)


def import_notetypes(col: Any, root: Path) -> list[Imported]:
    """Import every note type folder in `root`. All folders are read (and refused with a
    clear `LayoutError`) before the collection is changed."""
    read = [(folder.name, read_notetype_folder(folder)) for folder in notetype_folders(root)]
    return [import_notetype(col, notetype, name) for name, notetype in read]
