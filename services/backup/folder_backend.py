"""Where a backup repository's files live: a folder (the sync issue adds cloud backends
through the same calls). Files are write-once: `create` never replaces a file, so an
object or snapshot once written is never changed, and two writers of the same content
agree (the second finds it there)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path, PurePosixPath

from ...sdk.errors import DesignerError


class BackendError(DesignerError):
    """A repository file cannot be read or written; names the file."""


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
