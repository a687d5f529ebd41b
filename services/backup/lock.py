"""The repository lock: two processes never write one repository at once (issue #13).

A writer makes `lock` in the repository folder with `O_EXCL` (atomic on every local file
system), holding its pid, host name, start time and operation. Another writer finding it
gets `RepositoryLocked` naming the holder. A lock is *stale*, and taken over, when its
process is gone (same host, pid not running) or it is older than `STALE_AFTER_S` (a
holder on another machine that crashed). Taking over renames the stale file aside first,
so two processes recovering at once cannot both win. One `RepositoryLock` object is
re-entrant for the thread that holds it (an operation that takes it may call another that
takes it too); another thread of the same process waits for it (the panel works off
Anki's main thread, a scheduled backup may run at the same time).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ...sdk.errors import DesignerError

LOCK_FILE = "lock"
#: A lock this old is stale even when its holder cannot be checked (another machine).
STALE_AFTER_S = 6 * 3600


class RepositoryLocked(DesignerError):
    """Another process is writing this repository; names it."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def describe(holder: dict[str, Any]) -> str:
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(float(holder.get("time", 0))))
    return (
        f"process {holder.get('pid')} on {holder.get('host')} "
        f"({holder.get('operation')}, since {when})"
    )


class RepositoryLock:
    def __init__(self, root: Path, clock: Any = time.time) -> None:
        self.path = root / LOCK_FILE
        self._clock = clock
        self._depth = 0
        self._threads = threading.RLock()

    def holder(self) -> dict[str, Any] | None:
        """Who holds the lock now (None when nobody; an unreadable file is a holder of
        unknown identity, stale once old)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError:
            text = ""
        try:
            data = json.loads(text)
            if isinstance(data, dict):
                return data
        except ValueError:
            pass
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return {"pid": None, "host": "?", "time": mtime, "operation": "unreadable lock file"}

    def _stale(self, holder: dict[str, Any]) -> bool:
        if self._clock() - float(holder.get("time") or 0) > STALE_AFTER_S:
            return True
        pid = holder.get("pid")
        return (
            holder.get("host") == socket.gethostname() and isinstance(pid, int) and not _alive(pid)
        )

    def _try_create(self, operation: str) -> bool:
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "time": self._clock(),
            "operation": operation,
        }
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(record, out)
            out.flush()
            os.fsync(out.fileno())
        return True

    def acquire(self, operation: str) -> None:
        self._threads.acquire()
        if self._depth:
            self._depth += 1
            return
        try:
            self._acquire_file(operation)
        except BaseException:
            self._threads.release()
            raise
        self._depth = 1

    def _acquire_file(self, operation: str) -> None:
        for _attempt in range(3):
            if self._try_create(operation):
                return
            holder = self.holder()
            if holder is None:
                continue  # released meanwhile
            if not self._stale(holder):
                raise RepositoryLocked(
                    f"{self.path.parent}: the repository is in use by {describe(holder)}; "
                    f"try again when it has finished (a lock older than "
                    f"{STALE_AFTER_S // 3600} h, or of a process that is gone, is taken over)"
                )
            aside = self.path.with_name(f".{LOCK_FILE}.stale.{secrets.token_hex(4)}")
            try:
                os.rename(self.path, aside)  # only one recoverer wins this rename
            except FileNotFoundError:
                continue
            aside.unlink(missing_ok=True)
        raise RepositoryLocked(f"{self.path}: cannot take the repository lock")

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            self.path.unlink(missing_ok=True)
        self._threads.release()

    @property
    def held(self) -> bool:
        return self._depth > 0

    @contextmanager
    def __call__(self, operation: str) -> Iterator[None]:
        self.acquire(operation)
        try:
            yield
        finally:
            self.release()
