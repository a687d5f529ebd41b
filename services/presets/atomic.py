"""Writing a file so that it is either the old version or the new one, never half of each.

The bytes go to a temporary file in the same folder, are flushed to disk (fsync), and the
temporary file is renamed over the target (atomic on every platform Anki runs on); the
folder is then fsynced so the rename itself survives a power cut. If anything fails — a
full disk, most often — the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

#: The low-level write (`os.write`'s signature); tests pass one that fails like a full disk.
RawWrite = Callable[[int, memoryview], int]
#: What the store writes files with.
Writer = Callable[[Path, bytes], None]


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where folders cannot be opened)."""
    if sys.platform == "win32":
        return
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_atomically(path: Path, data: bytes, *, write: RawWrite = os.write) -> None:
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_directory(directory)
