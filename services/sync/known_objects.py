"""A backend wrapper that answers "is this loose object there?" from one listing.

`ObjectStore.put` asks `exists("objects/…")` for every object its pack index does not
know; on an HTTP remote that is one request per file, 3,000 for a first upload of 1,000
card types. The wrapper lists ``objects/`` once (one request, paged) and answers from
that set, adding what it creates. Everything else passes straight through.
"""

from __future__ import annotations

from ..backup.backend import ConditionalBackend

_OBJECTS = "objects/"


class KnownObjects:
    def __init__(self, backend: ConditionalBackend) -> None:
        self.backend = backend
        self._loose: set[str] | None = None

    def forget(self) -> None:
        """List again on the next question (another machine may have written since)."""
        self._loose = None

    def exists(self, name: str) -> bool:
        if not name.startswith(_OBJECTS):
            return self.backend.exists(name)
        if self._loose is None:
            self._loose = set(self.backend.list("objects"))
        return name in self._loose

    def create(self, name: str, data: bytes) -> bool:
        created = self.backend.create(name, data)
        if name.startswith(_OBJECTS) and self._loose is not None:
            self._loose.add(name)
        return created

    def read(self, name: str) -> bytes:
        return self.backend.read(name)

    def read_range(self, name: str, offset: int, length: int) -> bytes:
        return self.backend.read_range(name, offset, length)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def delete(self, name: str) -> None:
        self.backend.delete(name)
        if self._loose is not None:
            self._loose.discard(name)

    def replace(self, name: str, data: bytes) -> None:
        self.backend.replace(name, data)

    def list(self, prefix: str) -> list[str]:
        return self.backend.list(prefix)

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        return self.backend.read_tagged(name)

    def replace_if(self, name: str, data: bytes, tag: str | None) -> str:
        return self.backend.replace_if(name, data, tag)
