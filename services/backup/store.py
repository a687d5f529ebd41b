"""Content-addressed, write-once, encrypted objects and the snapshots that list them.

An object is a file's bytes, compressed (zlib) and sealed (`crypto.ObjectCipher`), stored
under its keyed-hash name at `objects/<2 hex>/<name>`: the same bytes in any note type or
snapshot are stored once, so a new snapshot writes only what changed (incremental). A
snapshot is a sealed manifest at `snapshots/<time>-<id>`: when, why (before save,
scheduled, manual, before restore), which profile, and each path's object name.

`verify` checks that every object a snapshot lists is there, and with `read_data` opens
and re-hashes every one of them (restic's `check --read-data`), naming each damaged or
missing object with the snapshots it affects.

Not built yet: packing small objects into pack files, zstd/brotli, the repository lock,
and replicas.
"""

from __future__ import annotations

import json
import secrets
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .crypto import ObjectCipher, TamperedData
from .folder_backend import BackendError, FolderBackend

REASONS = ("before-save", "scheduled", "manual", "before-restore")
_COMPRESSED, _STORED = b"z", b"s"


@dataclass(frozen=True)
class Snapshot:
    id: str
    time: float
    reason: str
    profile: str
    files: Mapping[str, str]  # path -> object name

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "reason": self.reason,
            "profile": self.profile,
            "files": dict(self.files),
        }


@dataclass
class VerifyReport:
    snapshots: int = 0
    objects: int = 0
    #: object name -> (what is wrong, the snapshots that list it)
    problems: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    #: manifests that do not open: file name -> what is wrong
    bad_snapshots: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.bad_snapshots


@dataclass
class WriteCount:
    written: int = 0
    reused: int = 0


class ObjectStore:
    def __init__(self, backend: FolderBackend, cipher: ObjectCipher) -> None:
        self.backend = backend
        self.cipher = cipher

    # -- objects -----------------------------------------------------------------------
    @staticmethod
    def _object_path(name: str) -> str:
        return f"objects/{name[:2]}/{name}"

    def put(self, content: bytes, count: WriteCount | None = None) -> str:
        name = self.cipher.name(content)
        path = self._object_path(name)
        if self.backend.exists(path):
            if count:
                count.reused += 1
            return name
        packed = zlib.compress(content, 6)
        body = _COMPRESSED + packed if len(packed) < len(content) else _STORED + content
        written = self.backend.create(path, self.cipher.seal(path, body))
        if count:
            if written:
                count.written += 1
            else:
                count.reused += 1
        return name

    def get(self, name: str) -> bytes:
        """An object's content, opened, decompressed and checked against its name."""
        path = self._object_path(name)
        body = self.cipher.open(path, self.backend.read(path))
        try:
            content = zlib.decompress(body[1:]) if body[:1] == _COMPRESSED else body[1:]
        except zlib.error:
            raise TamperedData(f"{path} does not decompress") from None
        self.cipher.check_name(path, content)
        return content

    # -- snapshots ---------------------------------------------------------------------
    def snapshot(
        self, files: Mapping[str, bytes], reason: str, profile: str
    ) -> tuple[Snapshot, WriteCount]:
        if reason not in REASONS:
            raise ValueError(f"a snapshot's reason is one of {', '.join(REASONS)}")
        count = WriteCount()
        listed = {path: self.put(data, count) for path, data in sorted(files.items())}
        when = time.time()
        snapshot = Snapshot(
            f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(when))}-{secrets.token_hex(4)}",
            when,
            reason,
            profile,
            listed,
        )
        manifest = json.dumps(snapshot.to_json(), sort_keys=True).encode()
        name = f"snapshots/{snapshot.id}"
        self.backend.create(name, self.cipher.seal(name, manifest))
        return snapshot, count

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first (a damaged manifest is TamperedData naming it)."""
        found = []
        for name in self.backend.list("snapshots"):
            data = json.loads(self.cipher.open(name, self.backend.read(name)))
            found.append(
                Snapshot(data["id"], data["time"], data["reason"], data["profile"], data["files"])
            )
        return sorted(found, key=lambda s: (s.time, s.id))

    def verify(self, read_data: bool = False) -> VerifyReport:
        report = VerifyReport()
        users: dict[str, list[str]] = {}
        for name in self.backend.list("snapshots"):
            try:
                data = json.loads(self.cipher.open(name, self.backend.read(name)))
            except (TamperedData, ValueError) as error:
                report.bad_snapshots[name] = str(error)
                continue
            report.snapshots += 1
            for object_name in data["files"].values():
                users.setdefault(object_name, []).append(data["id"])
        report.objects = len(users)
        for object_name, snapshot_ids in sorted(users.items()):
            path = self._object_path(object_name)
            if not self.backend.exists(path):
                report.problems[object_name] = ("missing", snapshot_ids)
            elif read_data:
                try:
                    self.get(object_name)
                except (TamperedData, BackendError) as error:
                    report.problems[object_name] = (str(error), snapshot_ids)
        return report

    def files(self, snapshot: Snapshot) -> dict[str, bytes]:
        """The snapshot's files, every object opened and checked."""
        return {path: self.get(name) for path, name in snapshot.files.items()}


__all__ = ["REASONS", "ObjectStore", "Snapshot", "TamperedData", "VerifyReport", "WriteCount"]
