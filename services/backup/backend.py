"""What a repository needs from where its files live. `FolderBackend` is one; the replica
(`replica.py`) and the tests' fault-injecting wrapper are others; the sync remotes
(services/sync/remotes/) and the cloud accounts' backends are more.

Write-once files (objects, packs, snapshots) use `create`. The few mutable files a sync
remote holds (head refs) are changed only conditionally:

* `read_tagged(name)` returns ``(data, tag)``, or None when there is no such file. The tag
  is opaque (an ETag, a content hash) and changes whenever the content does.
* `replace_if(name, data, tag)` writes `data` only when the file's tag is still `tag`
  (``tag=None``: only when the file does not exist) and returns the new tag; otherwise it
  raises `RemoteChanged` and writes nothing.
"""

from __future__ import annotations

from typing import Protocol

from .folder_backend import BackendError, RemoteChanged

__all__ = ["Backend", "BackendError", "ConditionalBackend", "RemoteChanged"]


class Backend(Protocol):
    def exists(self, name: str) -> bool: ...
    def read(self, name: str) -> bytes: ...
    def read_range(self, name: str, offset: int, length: int) -> bytes: ...
    def size(self, name: str) -> int: ...
    def create(self, name: str, data: bytes) -> bool: ...
    def delete(self, name: str) -> None: ...
    def replace(self, name: str, data: bytes) -> None: ...
    def list(self, prefix: str) -> list[str]: ...


class ConditionalBackend(Backend, Protocol):
    """A backend a sync remote can live on: `Backend` plus compare-and-swap."""

    def read_tagged(self, name: str) -> tuple[bytes, str] | None: ...
    def replace_if(self, name: str, data: bytes, tag: str | None) -> str: ...
