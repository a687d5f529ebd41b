"""Where a backup repository's files live: a folder (the sync issue adds cloud backends
through the same calls). Files are write-once: `create` never replaces a file, so an
object or snapshot once written is never changed, and two writers of the same content
agree (the second finds it there)."""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from pathlib import Path, PurePosixPath

from ...sdk.errors import DesignerError


class BackendError(DesignerError):
    """A repository file cannot be read or written; names the file."""


class RemoteChanged(BackendError):
    """A conditional write found the file changed (or created, or gone) since it was read:
    nothing was written; read it again, merge, and retry."""


LOCK_WAIT = 5.0  # seconds a compare-and-swap waits for another writer's lock
LOCK_STALE = 30.0  # a lock file older than this was left by a killed writer


def content_tag(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class FolderBackend:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise BackendError(f"{name!r} is not a repository file name")
        return self.root.joinpath(*parts)

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def read(self, name: str) -> bytes:
        path = self._path(name)
        try:
            return path.read_bytes()
        except OSError as error:
            raise BackendError(f"{path}: cannot be read ({error.strerror or error})") from None

    def read_range(self, name: str, offset: int, length: int) -> bytes:
        """`length` bytes at `offset` (an object inside a pack); short when the file is."""
        path = self._path(name)
        try:
            with open(path, "rb") as source:
                source.seek(offset)
                return source.read(length)
        except OSError as error:
            raise BackendError(f"{path}: cannot be read ({error.strerror or error})") from None

    def size(self, name: str) -> int:
        try:
            return self._path(name).stat().st_size
        except OSError:
            return -1

    def delete(self, name: str) -> None:
        """Remove `name` (prune only: write-once files are deleted, never changed)."""
        path = self._path(name)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise BackendError(f"{path}: cannot be deleted ({error.strerror or error})") from None

    def replace(self, name: str, data: bytes) -> None:
        """Put back a damaged file with a good copy (repair only), atomically."""
        path = self._path(name)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise BackendError(f"{path}: cannot be written ({error.strerror or error})") from None

    def create(self, name: str, data: bytes) -> bool:
        """Write `name` unless it exists (then False: write-once). Atomic: a reader sees the
        whole file or none of it."""
        path = self._path(name)
        if path.exists():
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            with open(temporary, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)  # fails when it exists: never replaces
            except FileExistsError:
                return False
            except OSError:
                # No hard links here (FAT, some network shares): rename, checked first.
                if path.exists():
                    return False
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
        except OSError as error:
            raise BackendError(f"{path}: cannot be written ({error.strerror or error})") from None
        return True

    def list(self, prefix: str) -> list[str]:
        """Names of the files under folder `prefix`, sorted (hidden temporaries left out)."""
        folder = self._path(prefix)
        if not folder.is_dir():
            return []
        return sorted(
            str(PurePosixPath(prefix) / p.relative_to(folder).as_posix())
            for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        )

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        """The file and its tag (a hash of its content), or None when it does not exist."""
        path = self._path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise BackendError(f"{path}: cannot be read ({error.strerror or error})") from None
        return data, content_tag(data)

    def replace_if(self, name: str, data: bytes, tag: str | None) -> str:
        """Compare-and-swap: write `data` when the file's tag is still `tag` (None: when it
        does not exist), atomically (rename), under a lock file so two writers on this
        folder (two machines on a shared drive) cannot both win. Raises `RemoteChanged`."""
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(f".{path.name}.lock")
        self._take(lock)
        try:
            current = self.read_tagged(name)
            if (current[1] if current else None) != tag:
                raise RemoteChanged(f"{name} changed on the remote since it was read")
            self.replace(name, data)
        finally:
            lock.unlink(missing_ok=True)
        return content_tag(data)

    @staticmethod
    def _take(lock: Path) -> None:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return
            except FileExistsError:
                try:
                    if time.time() - lock.stat().st_mtime > LOCK_STALE:
                        lock.unlink(missing_ok=True)
                        continue
                except FileNotFoundError:
                    continue
            except OSError as error:
                why = error.strerror or error
                raise BackendError(f"{lock}: cannot be locked ({why})") from None
            if time.monotonic() > deadline:
                raise BackendError(f"{lock}: another writer holds it")
            time.sleep(0.01)
