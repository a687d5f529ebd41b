"""Note types as folders on disk: one folder per note type in the layout of `layout.py`."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .layout import NOTETYPE_FILE, LayoutError, notetype_from_files, notetype_to_files
from .names import file_name_for

MAX_FILE_BYTES = 16 * 1024 * 1024  # a template or notetype.json larger than this is refused


def notetype_folder_names(notetypes: Iterable[dict[str, Any]]) -> list[str]:
    """One folder name per note type, in order; a name clash (two note types whose names
    differ only in case, or one cut to `names.MAX_LENGTH`) gets the note type's id."""
    folders: list[str] = []
    taken: set[str] = set()
    for notetype in notetypes:
        folder = file_name_for(str(notetype["name"]))
        if folder.lower() in taken:
            folder = f"{folder}~~{notetype['id']}"
        taken.add(folder.lower())
        folders.append(folder)
    return folders


def write_notetype_folder(folder: Path, notetype: dict[str, Any]) -> None:
    """Write `notetype` into `folder`, replacing what was there as a whole: the new files go
    to a sibling folder first, so an interrupted write leaves the old folder intact."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".atd-", dir=folder.parent))
    try:
        for relative, data in notetype_to_files(notetype).items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        # Our folder names never start with "." (names.py escapes it), so this cannot clash.
        old = folder.with_name(f".atd-old-{folder.name}")
        shutil.rmtree(old, ignore_errors=True)  # left by a write that was interrupted
        if folder.exists():
            os.replace(folder, old)
        os.replace(staging, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_folder_files(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` as `{relative posix path: bytes}` (links refused)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            raise LayoutError(f"{folder.name}/{relative}: a link, not a file")
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LayoutError(f"{folder.name}/{relative}: larger than {MAX_FILE_BYTES} bytes")
        files[relative] = path.read_bytes()
    return files


def read_notetype_folder(folder: Path) -> dict[str, Any]:
    try:
        return notetype_from_files(read_folder_files(folder))
    except LayoutError as error:
        raise LayoutError(f"{folder.name}/{error}") from error


def notetype_folders(root: Path) -> list[Path]:
    """The note type folders directly inside `root` (those with a notetype.json; hidden
    ones, such as what an interrupted write left, are not note types)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / NOTETYPE_FILE).is_file()
    )
