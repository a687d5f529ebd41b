"""Content-addressed, write-once, encrypted objects and the snapshots that list them.

An object is a file's bytes, compressed (`compression.py`: zstd or brotli when present,
zlib otherwise) and sealed (`crypto.ObjectCipher`), named by a keyed hash of its content:
the same bytes in any note type or snapshot are stored once, so a new snapshot writes
only what changed (incremental). Small objects go many to a pack (`packs/`, found through
`pack_index.py`); an object of `LOOSE_FROM` bytes or more is a file of its own at
`objects/<2 hex>/<name>`. A snapshot is a sealed manifest at `snapshots/<time>-<id>`:
when, why (before save, after save, scheduled, manual, before restore), which profile, each path's
object name, and the index generation it was written with.

Writes go packs, then index, then manifest, each file write-once: a process killed at any
point leaves every earlier snapshot whole (at worst an unlisted pack, which verify reports
as left over and prune removes). Every writing call holds the repository lock.

`verify` checks the index chain, that every object a snapshot lists is there, and with
`read_data` opens and re-hashes every one (restic's `check --read-data`), naming each
damaged or missing object with the snapshots it affects.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from .backend import Backend
from .compression import compress, decompress
from .crypto import ObjectCipher, TamperedData
from .folder_backend import BackendError
from .lock import RepositoryLock
from .pack_index import Location, PackIndex

REASONS = ("before-save", "after-save", "scheduled", "manual", "before-restore")
#: Objects this big or bigger are files of their own; smaller ones are packed.
LOOSE_FROM = 512 * 1024
#: A pack is written once its objects reach this size.
PACK_TARGET = 4 * 1024 * 1024


@dataclass(frozen=True)
class Snapshot:
    id: str
    time: float
    reason: str
    profile: str
    files: Mapping[str, str]  # path -> object name
    index: tuple[int, str] | None = None  # the index generation it was written with

    def to_json(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "time": self.time,
            "reason": self.reason,
            "profile": self.profile,
            "files": dict(self.files),
        }
        if self.index is not None:
            data["index"] = list(self.index)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        head = data.get("index")
        return cls(
            data["id"],
            data["time"],
            data["reason"],
            data["profile"],
            data["files"],
            (int(head[0]), str(head[1])) if head else None,
        )


@dataclass
class VerifyReport:
    snapshots: int = 0
    objects: int = 0
    #: object name -> (what is wrong, the snapshots that list it)
    problems: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    #: manifests that do not open: file name -> what is wrong
    bad_snapshots: dict[str, str] = field(default_factory=dict)
    #: index files that do not open or do not fit the snapshots: file name -> what is wrong
    bad_index: dict[str, str] = field(default_factory=dict)
    #: replica differences: file name -> what differs (filled by Repository.verify)
    replica: dict[str, str] = field(default_factory=dict)
    #: packs no index lists (an interrupted write left them; prune removes them)
    leftover: list[str] = field(default_factory=list)
    #: what repair healed: file name -> from where
    repaired: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.bad_snapshots or self.bad_index or self.replica)


@dataclass
class WriteCount:
    written: int = 0
    reused: int = 0


def object_path(name: str) -> str:
    return f"objects/{name[:2]}/{name}"


def pack_path(pack_id: str) -> str:
    return f"packs/{pack_id[:2]}/{pack_id}"


class ObjectStore:
    def __init__(
        self, backend: Backend, cipher: ObjectCipher, lock: RepositoryLock | None = None
    ) -> None:
        self.backend = backend
        self.cipher = cipher
        self.lock = lock
        self._index: PackIndex | None = None
        self._pending: list[tuple[str, bytes]] = []  # (object name, sealed blob)
        self._pending_names: set[str] = set()
        self._batch = 0

    def _locked(self, operation: str) -> Any:
        return self.lock(operation) if self.lock is not None else nullcontext()

    @property
    def index(self) -> PackIndex:
        if self._index is None:
            self._index = PackIndex.load(self.backend, self.cipher)
        return self._index

    def reload(self) -> None:
        """Forget what was read (another process may have written since)."""
        self._index = None

    # -- objects -----------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return (
            name in self._pending_names
            or name in self.index.locations
            or self.backend.exists(object_path(name))
        )

    def put(self, content: bytes, count: WriteCount | None = None) -> str:
        name = self.cipher.name(content)
        if self.has(name):
            if count:
                count.reused += 1
            return name
        body = compress(content)
        with self._locked("backup write"):
            if len(content) >= LOOSE_FROM:
                path = object_path(name)
                written = self.backend.create(path, self.cipher.seal(path, body))
            else:
                self._pending.append((name, self.cipher.seal(f"object/{name}", body)))
                self._pending_names.add(name)
                written = True
                if self._batch == 0 or sum(len(b) for _n, b in self._pending) >= PACK_TARGET:
                    self.flush()
        if count:
            if written:
                count.written += 1
            else:
                count.reused += 1
        return name

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Objects put inside are packed together and indexed once, at the end."""
        with self._locked("backup write"):
            self._batch += 1
            try:
                yield
            finally:
                self._batch -= 1
            if self._batch == 0:
                self.flush()

    def flush(self) -> None:
        """Write the pending objects as one pack and the index that lists it."""
        if not self._pending:
            return
        data = b"".join(blob for _n, blob in self._pending)
        pack = pack_path(hashlib.sha256(data).hexdigest())
        entries, offset = [], 0
        for name, blob in self._pending:
            entries.append((name, Location(pack, offset, len(blob))))
            offset += len(blob)
        self.backend.create(pack, data)
        self.index.write(self.backend, self.cipher, {pack: entries})
        self._pending, self._pending_names = [], set()

    def _sealed(self, name: str) -> tuple[str, str, bytes]:
        """(the file that holds an object, the name it is sealed under, its sealed blob)."""
        location = self.index.locations.get(name)
        if location is not None:
            blob = self.backend.read_range(location.pack, location.offset, location.length)
            if len(blob) != location.length:
                raise TamperedData(f"{location.pack} is truncated (object {name})")
            return location.pack, f"object/{name}", blob
        path = object_path(name)
        return path, path, self.backend.read(path)

    def get(self, name: str) -> bytes:
        """An object's content, opened, decompressed and checked against its name."""
        _file, sealed_as, blob = self._sealed(name)
        content = decompress(self.cipher.open(sealed_as, blob), f"object {name}")
        self.cipher.check_name(name, content)
        return content

    def where(self, name: str) -> str:
        """The repository file that holds an object."""
        location = self.index.locations.get(name)
        return location.pack if location is not None else object_path(name)

    # -- snapshots ---------------------------------------------------------------------
    def snapshot(
        self, files: Mapping[str, bytes], reason: str, profile: str
    ) -> tuple[Snapshot, WriteCount]:
        if reason not in REASONS:
            raise ValueError(f"a snapshot's reason is one of {', '.join(REASONS)}")
        count = WriteCount()
        with self._locked("backup create"):
            self.reload()
            with self.batch():
                listed = {path: self.put(data, count) for path, data in sorted(files.items())}
            when = time.time()
            snapshot = Snapshot(
                f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(when))}-{secrets.token_hex(4)}",
                when,
                reason,
                profile,
                listed,
                self.index.head,
            )
            manifest = compress(json.dumps(snapshot.to_json(), sort_keys=True).encode())
            name = f"snapshots/{snapshot.id}"
            self.backend.create(name, self.cipher.seal(name, manifest))
        return snapshot, count

    def read_manifest(self, name: str) -> Snapshot:
        body = self.cipher.open(name, self.backend.read(name))
        if not body.startswith(b"{"):  # compressed (manifests of the first version are not)
            body = decompress(body, name)
        try:
            return Snapshot.from_json(json.loads(body))
        except (KeyError, TypeError, ValueError, IndexError):
            raise TamperedData(f"{name} is not a snapshot manifest") from None

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first (a damaged manifest is TamperedData naming it)."""
        found = [self.read_manifest(name) for name in self.backend.list("snapshots")]
        return sorted(found, key=lambda s: (s.time, s.id))

    def forget(self, snapshot: Snapshot) -> None:
        """Delete a snapshot's manifest (prune; its objects stay until nothing lists them)."""
        with self._locked("backup prune"):
            self.backend.delete(f"snapshots/{snapshot.id}")

    def verify(self, read_data: bool = False) -> VerifyReport:
        report = VerifyReport()
        self.reload()
        index = self.index
        report.bad_index.update(index.problems)
        users: dict[str, list[str]] = {}
        for name in self.backend.list("snapshots"):
            try:
                snapshot = self.read_manifest(name)
            except TamperedData as error:
                report.bad_snapshots[name] = str(error)
                continue
            report.snapshots += 1
            wrong_head = index.check_head(snapshot.id, snapshot.index)
            if wrong_head:
                report.bad_index[name] = wrong_head
            for object_name in dict.fromkeys(snapshot.files.values()):
                users.setdefault(object_name, []).append(snapshot.id)
        report.objects = len(users)
        sizes: dict[str, int] = {}
        for object_name, snapshot_ids in sorted(users.items()):
            location = index.locations.get(object_name)
            if location is not None:
                if location.pack not in sizes:
                    sizes[location.pack] = self.backend.size(location.pack)
                size = sizes[location.pack]
                if size < 0:
                    problem = f"missing (its pack {location.pack} is gone)"
                elif size < location.offset + location.length:
                    problem = f"its pack {location.pack} is truncated"
                else:
                    problem = ""
            elif not self.backend.exists(object_path(object_name)):
                problem = "missing"
            else:
                problem = ""
            if not problem and read_data:
                try:
                    self.get(object_name)
                except (TamperedData, BackendError) as error:
                    problem = str(error)
            if problem:
                report.problems[object_name] = (problem, snapshot_ids)
        listed = set(index.packs())
        report.leftover = [p for p in self.backend.list("packs") if p not in listed]
        return report

    def files(self, snapshot: Snapshot) -> dict[str, bytes]:
        """The snapshot's files, every object opened and checked."""
        return {path: self.get(name) for path, name in snapshot.files.items()}


__all__ = ["REASONS", "ObjectStore", "Snapshot", "TamperedData", "VerifyReport", "WriteCount"]
