"""Removing a broken disk cache: only the files that diskcache and the index create.

The directory is configured by the add-on (`user_files/cache`), but deleting it wholesale
would be one typo away from deleting a user's folder. So recovery removes exactly what a
cache is made of — diskcache's `cache.db` (and its WAL/SHM files), its two-hex-digit
value folders, and our index — and leaves anything else alone.
"""

from __future__ import annotations

import shutil
import string
from pathlib import Path

from .disk_index import INDEX_FILE_NAME

_DATABASES = ("cache.db", INDEX_FILE_NAME)
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")
_HEX = frozenset(string.hexdigits.lower())


def _is_value_folder(path: Path) -> bool:
    return path.is_dir() and len(path.name) == 2 and set(path.name) <= _HEX


def remove_cache_files(directory: Path) -> None:
    """Delete the cache's own files in `directory`; raises OSError if that fails."""
    for database in _DATABASES:
        for suffix in _SQLITE_SUFFIXES:
            (directory / f"{database}{suffix}").unlink(missing_ok=True)
    for child in directory.iterdir():
        if _is_value_folder(child):
            shutil.rmtree(child)
