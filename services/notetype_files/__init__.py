"""A note type as files: the one layout export (`atd export`/`atd import`), history, backup
and sync share. `layout` maps a note type dict to `{path: bytes}` and back, `names` makes
names safe file names reversibly, `folder` writes and reads them on disk, `collection_io`
exports and imports a collection's note types."""

from .collection_io import (
    ADDED,
    UNCHANGED,
    UPDATED,
    Imported,
    all_notetypes,
    export_notetypes,
    import_notetypes,
    notetypes_as_files,
)
from .layout import LayoutError, notetype_from_files, notetype_to_files
from .names import file_name_for, name_from_file_name

__all__ = [
    "ADDED",
    "UNCHANGED",
    "UPDATED",
    "Imported",
    "LayoutError",
    "all_notetypes",
    "export_notetypes",
    "file_name_for",
    "import_notetypes",
    "name_from_file_name",
    "notetype_from_files",
    "notetype_to_files",
    "notetypes_as_files",
]
