"""A replica: a second location kept in step with the repository (a folder now; the sync
issue adds cloud backends through the same Backend calls).

`Mirrored` writes every file to both (the primary first), reads from the primary. Verify
compares the two file by file (`compare`); repair (`heal`) puts back a damaged or missing
file from whichever side holds a good copy, checking the copy before using it.
"""

from __future__ import annotations

from collections.abc import Callable

from .backend import Backend
from .folder_backend import BackendError

PREFIXES = ("snapshots", "index", "packs", "objects")


class Mirrored:
    def __init__(self, primary: Backend, replica: Backend) -> None:
        self.primary, self.replica = primary, replica

    def exists(self, name: str) -> bool:
        return self.primary.exists(name)

    def read(self, name: str) -> bytes:
        return self.primary.read(name)

    def read_range(self, name: str, offset: int, length: int) -> bytes:
        return self.primary.read_range(name, offset, length)

    def size(self, name: str) -> int:
        return self.primary.size(name)

    def list(self, prefix: str) -> list[str]:
        return self.primary.list(prefix)

    def create(self, name: str, data: bytes) -> bool:
        written = self.primary.create(name, data)
        self.replica.create(name, data)
        return written

    def delete(self, name: str) -> None:
        self.primary.delete(name)
        self.replica.delete(name)

    def replace(self, name: str, data: bytes) -> None:
        self.primary.replace(name, data)

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        return self.primary.read_tagged(name)  # type: ignore[attr-defined,no-any-return]

    def replace_if(self, name: str, data: bytes, tag: str | None) -> str:
        """The primary decides; the replica follows with what won."""
        new_tag: str = self.primary.replace_if(name, data, tag)  # type: ignore[attr-defined]
        self.replica.replace(name, data)
        return new_tag


def compare(primary: Backend, replica: Backend) -> dict[str, str]:
    """Files that differ: name -> how (missing on one side, or other bytes)."""
    differences: dict[str, str] = {}
    for prefix in PREFIXES:
        here, there = set(primary.list(prefix)), set(replica.list(prefix))
        for name in sorted(here - there):
            differences[name] = "missing in the replica"
        for name in sorted(there - here):
            differences[name] = "missing in the repository (the replica has it)"
        for name in sorted(here & there):
            if primary.size(name) != replica.size(name) or primary.read(name) != replica.read(name):
                differences[name] = "differs between the repository and the replica"
    return differences


def heal(name: str, target: Backend, source: Backend, good: Callable[[bytes], bool]) -> bool:
    """Put `source`'s copy of `name` in `target` when `good(copy)`; True when healed."""
    try:
        data = source.read(name)
    except BackendError:
        return False
    if not good(data):
        return False
    target.replace(name, data)
    return True
