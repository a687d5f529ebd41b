"""One writer at a time in the presets folder, across threads and processes.

Two designer windows (or two Anki profiles sharing the add-on) each have their own
`PresetStore` on the same folder. Every read-check-write sequence of a store runs inside
this lock, so a conflict check and the write it guards cannot interleave with another
window's. The lock is an OS lock on `.lock` in the folder (`flock` on POSIX, `msvcrt`
on Windows): the OS drops it if Anki crashes, so a stale lock never blocks anyone.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from .errors import StoreBusy


def _try_lock(handle: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_UN)


class FolderLock:
    """`with lock:` holds the folder; waits up to `timeout` seconds, then StoreBusy."""

    def __init__(self, path: Path, *, timeout: float = 10.0, poll: float = 0.005) -> None:
        self._path = path
        self._timeout = timeout
        self._poll = poll
        self._threads = threading.Lock()
        self._handle: int | None = None

    def __enter__(self) -> FolderLock:
        deadline = time.monotonic() + self._timeout
        if not self._threads.acquire(timeout=self._timeout):
            raise StoreBusy(f"the presets folder {self._path.parent} is busy; try again")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    os.close(handle)
                    raise StoreBusy(
                        f"another window has held the presets folder {self._path.parent} "
                        f"for over {self._timeout:.0f} s; try again"
                    )
                time.sleep(self._poll)
            self._handle = handle
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        handle, self._handle = self._handle, None
        try:
            if handle is not None:
                try:
                    _unlock(handle)
                finally:
                    os.close(handle)
        finally:
            self._threads.release()
