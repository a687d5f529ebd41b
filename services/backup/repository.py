"""A backup repository on a folder: its keys (`keys.json`), its encrypted store, its lock,
its audit trail and, when given, a replica kept in step.

`Repository.init` makes one in an empty or new folder and returns the recovery code to
show the user once; `Repository.open` unlocks it with a passphrase when one is given,
else with this machine's key. The folder holds nothing readable but `keys.json` (wrapped
keys), the lock file and the names of sealed files. Every writing operation here takes
the repository lock and appends to the audit trail itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ...sdk.errors import DesignerError
from ..notetype_files import (
    all_notetypes,
    file_name_for,
    notetype_from_files,
    notetypes_as_files,
)
from ..notetype_files.collection_io import Imported, import_notetype
from ..notetype_files.layout import NOTETYPE_FILE
from .audit import AuditLog
from .backend import Backend
from .card_type_restore import CardTypeNotFound, with_card_type_from
from .compression import decompress
from .crypto import ObjectCipher, TamperedData
from .diff import SnapshotDiff, diff_snapshot
from .folder_backend import FolderBackend
from .keys import DeviceKey, KeyFile, RecoveryCode
from .lock import RepositoryLock
from .prune import PruneReport, prune
from .replica import PREFIXES, Mirrored, compare, heal
from .retention import Retention
from .store import ObjectStore, Snapshot, VerifyReport, WriteCount
from .user_data import notetype_paths

KEYS = "keys.json"


class NotARepository(DesignerError):
    """The folder is not a backup repository, or cannot become one."""


class Repository:
    def __init__(
        self,
        root: Path,
        keys: KeyFile,
        master: bytes,
        replica: Path | None = None,
        wrap: Callable[[Backend], Backend] | None = None,
    ) -> None:
        self.root = root
        self.keys = keys
        self.lock = RepositoryLock(root)
        self.primary: Backend = FolderBackend(root)
        self.replica: Backend | None = None
        backend: Backend = self.primary
        if replica is not None:
            self.replica = _attach(replica, root, keys)
            backend = Mirrored(self.primary, self.replica)
        if wrap is not None:  # a test's fault-injecting wrapper
            backend = wrap(backend)
        self.cipher = ObjectCipher(master)
        self.store = ObjectStore(backend, self.cipher, self.lock)
        mirror = self.replica.root if isinstance(self.replica, FolderBackend) else None
        self.audit = AuditLog(root, master, self.lock, mirror=mirror)
        self._master = master

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"

    @classmethod
    def init(
        cls, root: Path, device: DeviceKey, replica: Path | None = None
    ) -> tuple[Repository, RecoveryCode]:
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise NotARepository(f"{root}: a new repository needs an empty or new folder")
        keys, master, code = KeyFile.create(secrets.token_hex(16), device)
        keys.save(root / KEYS)
        return cls(root, keys, master, replica), code

    @classmethod
    def open(
        cls,
        root: Path,
        device: DeviceKey | None = None,
        passphrase: str | None = None,
        replica: Path | None = None,
        wrap: Callable[[Backend], Backend] | None = None,
    ) -> Repository:
        if not (root / KEYS).is_file():
            raise NotARepository(f"{root}: not a backup repository (no {KEYS})")
        keys = KeyFile.load(root / KEYS)
        if passphrase is not None:
            master = keys.unlock_with_passphrase(passphrase)
        elif device is not None:
            master = keys.unlock_with_device(device)
        else:
            raise NotARepository(f"{root}: give the passphrase or this machine's key")
        return cls(root, keys, master, replica, wrap)

    def set_passphrase(self, passphrase: str) -> None:
        """Set or change the passphrase (the master key is rewrapped; nothing else changes)."""
        with self.lock("set passphrase"):
            self.keys = self.keys.with_passphrase(self._master, passphrase)
            self.keys.save(self.root / KEYS)
            if isinstance(self.replica, FolderBackend):
                self.keys.save(self.replica.root / KEYS)

    # -- snapshots ---------------------------------------------------------------------
    def snapshot(self, snapshot_id: str) -> Snapshot:
        for snapshot in self.store.snapshots():
            if snapshot.id == snapshot_id:
                return snapshot
        raise NotARepository(
            f"{self.root}: no snapshot {snapshot_id!r} (atd backup list shows them)"
        )

    def create(
        self, files: Mapping[str, bytes], reason: str, profile: str
    ) -> tuple[Snapshot, WriteCount]:
        """A snapshot of `files` (note types as files), recorded in the audit trail."""
        with self.lock("backup create"):
            snapshot, count = self.store.snapshot(files, reason, profile)
            self.audit.append("backup", f"{snapshot.id} ({reason})", profile)
        return snapshot, count

    def notetypes(self, snapshot: Snapshot, name: str | None = None) -> list[dict[str, Any]]:
        """The note types a snapshot holds, or only the one called `name`; every object
        read is opened and checked. For one note type only its own files are read."""
        folders: dict[str, dict[str, str]] = {}
        for path, object_name in notetype_paths(snapshot.files).items():
            folder, _, inner = path.partition("/")
            folders.setdefault(folder, {})[inner] = object_name
        chosen = sorted(folders) if name is None else self._folders_named(folders, name)
        if name is not None and not chosen:
            raise NotARepository(f"snapshot {snapshot.id} has no note type {name!r}")
        notetypes = [
            notetype_from_files({inner: self.store.get(o) for inner, o in folders[f].items()})
            for f in chosen
        ]
        return notetypes if name is None else [nt for nt in notetypes if nt["name"] == name]

    def _folders_named(self, folders: dict[str, dict[str, str]], name: str) -> list[str]:
        """The folders whose notetype.json names `name`: those its file name points to
        first (a clash adds `~~id`), every folder only when none of those does."""
        stem = file_name_for(name)
        likely = [f for f in folders if f == stem or f.startswith(stem + "~~")]
        for candidates in (likely, [f for f in folders if f not in likely]):
            found = [f for f in candidates if self._named(folders[f], name)]
            if found:
                return found
        return []

    def _named(self, files: dict[str, str], name: str) -> bool:
        object_name = files.get(NOTETYPE_FILE)
        if object_name is None:
            return False
        try:
            return bool(json.loads(self.store.get(object_name)).get("name") == name)
        except ValueError:
            return False

    def diff(self, col: Any, snapshot: Snapshot | None = None) -> SnapshotDiff:
        """What differs between `snapshot` (default: the latest) and `col`'s note types."""
        if snapshot is None:
            snapshots = self.store.snapshots()
            if not snapshots:
                raise NotARepository(f"{self.root}: no snapshots yet")
            snapshot = snapshots[-1]
        return diff_snapshot(snapshot, notetypes_as_files(all_notetypes(col)), self.cipher)

    def restore(
        self,
        col: Any,
        snapshot: Snapshot,
        name: str | None,
        profile: str,
        keep_both: bool = False,
        card_type: str | None = None,
    ) -> tuple[Snapshot, list[Imported]]:
        """Put a snapshot's note types (or only `name`) back into `col`: every object read
        and checked first, then a before-restore snapshot of what `col` holds, then the
        note types updated or added. With `keep_both`, a note type that changed since the
        snapshot stays as it is and the snapshot's version is added beside it, named
        `NAME (backup SNAPSHOT)`. With `card_type` (and `name`), only that card type of the
        note type comes back (card_type_restore.py). Returns (the before-restore snapshot,
        what changed)."""
        if card_type is not None and name is None:
            raise DesignerError("a card type is restored from one note type: name it")
        with self.lock("backup restore"):
            notetypes = self.notetypes(snapshot, name)
            if card_type is not None:
                notetypes = [_card_type_only(col, nt, card_type) for nt in notetypes]
            before, _count = self.store.snapshot(
                notetypes_as_files(all_notetypes(col)), "before-restore", profile
            )
            self.audit.append("backup", f"{before.id} (before-restore)", profile)
            if keep_both:
                notetypes = [beside(col, notetype, snapshot.id) for notetype in notetypes]
            results = [import_notetype(col, notetype) for notetype in notetypes]
            target = snapshot.id + (f" {name}" if name else "")
            target += f" card type {card_type}" if card_type else ""
            self.audit.append("restore", target, profile)
        return before, results

    def prune(self, retention: Retention, profile: str = "", dry_run: bool = False) -> PruneReport:
        with self.lock("backup prune"):
            report = prune(self.store, retention, dry_run)
            if not dry_run:
                forgotten = ", ".join(s.id for s in report.forgotten) or "nothing"
                self.audit.append("prune", f"forgot {forgotten}", profile)
        return report

    # -- checking and healing ------------------------------------------------------------
    def verify(self, read_data: bool = False, repair: bool = False) -> VerifyReport:
        """The store's verify, the replica compared; with `repair`, every damaged or
        missing file healed from the side that holds a good copy, then verified again."""
        report = self.store.verify(read_data=read_data or repair)
        if self.replica is not None:
            report.replica = compare(self.primary, self.replica)
        if not repair:
            return report
        with self.lock("backup repair"):
            repaired = self._repair(report)
        final = self.store.verify(read_data=True)
        if self.replica is not None:
            final.replica = compare(self.primary, self.replica)
        final.repaired = repaired
        return final

    def _good(self, name: str, data: bytes) -> bool:
        """Is `data` a sound copy of the repository file `name`?"""
        try:
            if name.startswith("packs/"):
                return hashlib.sha256(data).hexdigest() == name.rsplit("/", 1)[-1]
            opened = self.cipher.open(name, data)
            if name.startswith("objects/"):
                self.cipher.check_name(name, decompress(opened, name))
            return True
        except TamperedData:
            return False

    def _repair(self, report: VerifyReport) -> dict[str, str]:
        damaged = {self.store.where(object_name) for object_name in report.problems}
        damaged |= set(report.bad_snapshots) | set(report.replica)
        damaged |= {n for n in report.bad_index if n.startswith("index/")}
        repaired: dict[str, str] = {}
        if self.replica is None:
            return repaired
        for name in sorted(damaged):
            for target, source, label in (
                (self.primary, self.replica, "from the replica"),
                (self.replica, self.primary, "into the replica"),
            ):
                present = target.exists(name)
                if present and self._good(name, target.read(name)):
                    continue
                if heal(name, target, source, functools.partial(self._good, name)):
                    repaired[name] = label
        self.store.reload()
        return repaired


def _card_type_only(col: Any, notetype: dict[str, Any], card_type: str) -> dict[str, Any]:
    current = col.models.get(int(notetype.get("id") or 0)) if notetype.get("id") else None
    if current is None:
        raise CardTypeNotFound(
            f"the collection has no note type {notetype['name']!r} now: restore it whole"
        )
    return with_card_type_from(dict(current), notetype, card_type)


def beside(col: Any, notetype: dict[str, Any], snapshot_id: str) -> dict[str, Any]:
    """`notetype` as a new one next to the collection's, when the collection's changed
    (named `NAME (backup SNAPSHOT)`); as it is when unchanged or no longer there."""
    existing = col.models.get(int(notetype.get("id") or 0)) if notetype.get("id") else None
    if existing is None:
        return notetype
    ours = notetypes_as_files([notetype])
    if notetypes_as_files([dict(existing)]) == ours:
        return notetype  # unchanged: nothing to keep twice
    return {**notetype, "id": 0, "name": f"{notetype['name']} (backup {snapshot_id})"}


def _attach(replica: Path, root: Path, keys: KeyFile) -> FolderBackend:
    """The replica folder as a backend: a new or empty folder becomes a replica of `root`
    (its keys and every file copied); an existing one must be of the same repository."""
    if replica.resolve() == root.resolve():
        raise NotARepository(f"{replica}: a replica must be another folder")
    if (replica / KEYS).is_file():
        theirs = KeyFile.load(replica / KEYS)
        if theirs.repo_id != keys.repo_id:
            raise NotARepository(f"{replica}: a replica of another repository")
        return FolderBackend(replica)
    if replica.exists() and (
        not replica.is_dir() or any(p.name not in PREFIXES for p in replica.iterdir())
    ):
        raise NotARepository(f"{replica}: a new replica needs an empty or new folder")
    backend = FolderBackend(replica)
    primary = FolderBackend(root)
    for prefix in PREFIXES:
        for name in primary.list(prefix):
            backend.create(name, primary.read(name))
    keys.save(replica / KEYS)  # last: a replica half copied is still "new" next time
    shutil.copymode(root / KEYS, replica / KEYS)
    return backend
