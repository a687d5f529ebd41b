"""The designer's backups of one profile, without Qt: where the repository lives, when a
snapshot is due, and what a restore would change.

The repository is a folder in the Anki profile folder by default (never the add-on
folder, which an update deletes), or `backup_location` from the config. It is made at the
first snapshot; the recovery code Anki's user needs if this machine's key is lost is kept
in memory and handed out once (`take_recovery_code`) for the Backups panel to show. This
machine's key is a 0600 file in the profile folder. Once a passphrase is set, the machine
key no longer opens the repository: the passphrase given in this session does.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...sdk.errors import DesignerError
from ...services.backup.card_type_restore import with_card_type_from
from ...services.backup.keys import DeviceKey, KeyFile
from ...services.backup.prune import PruneReport
from ...services.backup.replica import compare
from ...services.backup.repository import KEYS, Repository
from ...services.backup.retention import Retention
from ...services.backup.store import ObjectStore, Snapshot, VerifyReport, object_path
from ...services.backup.user_data import (
    PREFIX,
    RestoredData,
    UserData,
    is_user_path,
    notetype_paths,
    preset_ids,
    preset_paths,
    restore_user_files,
    user_files,
)
from ...services.notetype_files import all_notetypes, notetypes_as_files
from ...services.notetype_files.layout import notetype_to_files
from ...services.notetype_files.names import name_from_file_name
from .progress import CountingStore, Progress

REPOSITORY_FOLDER = "template_designer_backups"
DEVICE_KEY_FILE = "template_designer_backup.key"
DAY_S = 24 * 60 * 60


class BackupLocked(DesignerError):
    """The repository has a passphrase and none was given in this session."""


class BackupService:
    def __init__(
        self,
        profile_dir: Path,
        collection: Callable[[], Any],
        profile_name: str,
        setting: Callable[[str], Any],
        clock: Callable[[], float] = time.time,
        user_data: UserData | None = None,
    ) -> None:
        self._profile_dir = profile_dir
        #: The designer's own data snapshotted beside the note types (user_data.py).
        self._user_data = user_data
        self._collection = collection
        self._profile_name = profile_name
        #: Reads a config value (`backup_location`, the schedule's switches).
        self.setting = setting
        self._clock = clock
        self._lock = threading.RLock()
        self._repository: Repository | None = None
        self._opened_replica: Path | None = None
        self._passphrase: str | None = None
        self._recovery_code: str | None = None
        self.progress = Progress()
        #: Why the latest automatic snapshot failed (None when it worked).
        self.last_error: str | None = None
        self._sizes: dict[str, int] = {}
        self._known: tuple[Repository, frozenset[str], list[Snapshot]] | None = None

    # -- where -------------------------------------------------------------------------
    @property
    def root(self) -> Path:
        chosen = str(self.setting("backup_location")).strip()
        return Path(chosen).expanduser() if chosen else self._profile_dir / REPOSITORY_FOLDER

    @property
    def device_key_path(self) -> Path:
        return self._profile_dir / DEVICE_KEY_FILE

    @property
    def replica(self) -> Path | None:
        """The second folder kept in step (`backup_replica`), or None."""
        chosen = str(self.setting("backup_replica") or "").strip()
        return Path(chosen).expanduser() if chosen else None

    @property
    def retention(self) -> Retention:
        kept = self.setting("backup_retention") or {}
        return Retention(
            int(kept.get("last", 10)),
            int(kept.get("daily", 12)),
            int(kept.get("weekly", 10)),
            int(kept.get("monthly", 9)),
        )

    def exists(self) -> bool:
        return (self.root / KEYS).is_file()

    def has_passphrase(self) -> bool:
        return self.exists() and "passphrase" in self._key_kinds()

    def _key_kinds(self) -> tuple[str, ...]:
        """Which ways in the repository's key file has (device, passphrase, recovery)."""
        return KeyFile.load(self.root / KEYS).kinds

    def repository(self, create: bool = False) -> Repository:
        """The open repository (made when `create` and there is none yet)."""
        with self._lock:
            root, replica = self.root, self.replica
            known = self._repository
            if known is not None and known.root == root and self._opened_replica == replica:
                return known
            self._repository = None
            self._opened_replica = replica
            if not (root / KEYS).is_file():
                if not create:
                    raise DesignerError(f"no backups yet in {root}: make the first one")
                repository, code = Repository.init(
                    root, DeviceKey.load_or_create(self.device_key_path), replica
                )
                self._recovery_code = code.text
            elif "device" in self._key_kinds():
                device = DeviceKey.load_or_create(self.device_key_path)
                repository = Repository.open(root, device=device, replica=replica)
            elif self._passphrase is not None:
                repository = Repository.open(root, passphrase=self._passphrase, replica=replica)
            else:
                raise BackupLocked(
                    f"the backups in {root} have a passphrase: enter it in the Backups panel"
                )
            self._repository = repository
            return repository

    def unlock(self, passphrase: str) -> None:
        if not passphrase:
            raise DesignerError("enter the backups' passphrase")
        with self._lock:
            Repository.open(self.root, passphrase=passphrase)  # a wrong one raises WrongKey
            self._passphrase = passphrase
            self._repository = None

    def set_passphrase(self, passphrase: str) -> None:
        if not 8 <= len(passphrase) <= 1024:
            raise DesignerError("a backup passphrase has 8 to 1024 characters")
        with self._lock:
            self.repository(create=True).set_passphrase(passphrase)
            self._passphrase = passphrase

    def take_recovery_code(self) -> str | None:
        """The new repository's recovery code, once; afterwards None."""
        with self._lock:
            code, self._recovery_code = self._recovery_code, None
            return code

    # -- snapshots ---------------------------------------------------------------------
    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first. Opening each manifest costs about 0.2 ms, paid at
        every save and designer open, so they are kept while the folder lists the same
        manifests (a snapshot another program writes or prunes is a different listing)."""
        if not self.exists():
            return []
        with self._lock:
            repository = self.repository()
            names = frozenset(repository.store.backend.list("snapshots"))
            known = self._known
            if known is None or known[0] is not repository or known[1] != names:
                known = (repository, names, repository.store.snapshots())
                self._known = known
            return list(known[2])

    def _remember(self, repository: Repository, snapshot: Snapshot) -> None:
        known = self._known
        if known is not None and known[0] is repository:
            names = frozenset(repository.store.backend.list("snapshots"))
            if names == known[1] | {f"snapshots/{snapshot.id}"}:
                self._known = (repository, names, [*known[2], snapshot])
                return
        self._known = None

    def snapshot(self, reason: str, *, skip_unchanged: bool = False) -> Snapshot | None:
        """A snapshot of every note type now; with `skip_unchanged`, none when the latest
        snapshot already holds exactly these files (returns None then)."""
        with self._lock:
            repository = self.repository(create=True)
            files = notetypes_as_files(all_notetypes(self._collection()))
            if self._user_data is not None:
                files.update(user_files(self._user_data))
            if skip_unchanged:
                earlier = self.snapshots()
                names = {path: repository.store.cipher.name(data) for path, data in files.items()}
                if earlier and dict(earlier[-1].files) == names:
                    return None
            snapshot, _count = repository.create(files, reason, self._profile_name)
            self._remember(repository, snapshot)
            return snapshot

    def prune(self, dry_run: bool) -> PruneReport:
        """Forget the snapshots the retention does not keep (with `dry_run`, only say
        which); recorded in the audit trail."""
        with self._lock:
            report = self.repository().prune(self.retention, self._profile_name, dry_run)
            self._known = None
            return report

    def daily_due(self) -> bool:
        """No scheduled snapshot in the last 24 hours (or no backups at all)."""
        scheduled = [s for s in self.snapshots() if s.reason == "scheduled"]
        return not scheduled or self._clock() - scheduled[-1].time >= DAY_S

    def describe(self, snapshot: Snapshot) -> dict[str, Any]:
        repository = self.repository()
        size = 0
        for name in set(snapshot.files.values()):
            if name not in self._sizes:  # objects never change: look each up once
                self._sizes[name] = _stored_size(repository.store, name)
            size += self._sizes[name]
        folders = sorted({path.partition("/")[0] for path in notetype_paths(snapshot.files)})
        return {
            "id": snapshot.id,
            "time": snapshot.time,
            "reason": snapshot.reason,
            "profile": snapshot.profile,
            "files": len(snapshot.files),
            "size": size,
            "notetypes": [name_from_file_name(folder) or folder for folder in folders],
            "presets": len(preset_ids(snapshot.files)),
            "userData": any(is_user_path(path) for path in snapshot.files),
        }

    # -- what a restore would change ---------------------------------------------------
    def chosen_notetypes(
        self, snapshot_id: str, notetype_id: int | None, card_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The note types a restore writes: the snapshot's (all, or the one with
        `notetype_id`); with `card_type`, that note type as the collection holds it with
        only that card type from the snapshot (card_type_restore.py)."""
        repository = self.repository()
        notetypes = repository.notetypes(repository.snapshot(snapshot_id))
        if notetype_id is None:
            if card_type is not None:
                raise DesignerError("a card type is restored from one note type: pick it")
            return notetypes
        chosen = [nt for nt in notetypes if int(nt.get("id") or 0) == notetype_id]
        if not chosen:
            raise DesignerError(f"snapshot {snapshot_id} has no note type with id {notetype_id}")
        if card_type is None:
            return chosen
        current = self._collection().models.get(notetype_id)
        if current is None:
            raise DesignerError(
                f"the collection has no note type {chosen[0]['name']!r} now: restore it whole"
            )
        return [with_card_type_from(dict(current), chosen[0], card_type)]

    def preview(
        self, snapshot_id: str, notetype_id: int | None, card_type: str | None = None
    ) -> list[dict[str, Any]]:
        """Per note type of the snapshot: add, update or unchanged, each file that
        differs as the collection has it now next to the snapshot's copy, and the names
        of the snapshot's card types (one of them can be restored alone)."""
        col = self._collection()
        changes = []
        names = {
            int(nt.get("id") or 0): [str(t.get("name", "")) for t in nt.get("tmpls", [])]
            for nt in self.chosen_notetypes(snapshot_id, notetype_id)
        }
        for notetype in self.chosen_notetypes(snapshot_id, notetype_id, card_type):
            current = col.models.get(int(notetype.get("id") or 0)) if notetype.get("id") else None
            theirs = notetype_to_files(notetype)
            ours = notetype_to_files(dict(current)) if current is not None else {}
            files = [
                {
                    "path": path,
                    "current": _text(ours.get(path)),
                    "snapshot": _text(theirs.get(path)),
                }
                for path in sorted(set(theirs) | set(ours))
                if theirs.get(path) != ours.get(path)
            ]
            action = "add" if current is None else ("update" if files else "unchanged")
            changes.append(
                {
                    "id": notetype.get("id"),
                    "name": notetype["name"],
                    "action": action,
                    "files": files,
                    "cardTypes": names.get(int(notetype.get("id") or 0), []),
                }
            )
        return changes

    # -- the designer's own data ------------------------------------------------------
    def presets(self, snapshot_id: str) -> list[dict[str, Any]]:
        """The presets a snapshot holds: id, name, kind, and whether the profile has the
        same now ("same"), another version ("changed") or none ("missing")."""
        repository = self.repository()
        snapshot = repository.snapshot(snapshot_id)
        cipher = repository.store.cipher
        now = {}
        if self._user_data is not None:
            now = {path: cipher.name(data) for path, data in user_files(self._user_data).items()}
        rows = []
        for preset_id in preset_ids(snapshot.files):
            main = snapshot.files.get(f"{PREFIX}presets/{preset_id}.json")
            record = _json(repository.store.get(main)) if main else {}
            ours = {p: now[p] for p in preset_paths(now, preset_id)}
            theirs = {p: snapshot.files[p] for p in preset_paths(snapshot.files, preset_id)}
            state = "missing" if not ours else "same" if ours == theirs else "changed"
            name = str(record.get("name") or preset_id)
            rows.append(
                {
                    "id": preset_id,
                    "name": name,
                    "kind": str(record.get("kind") or ""),
                    "state": state,
                }
            )
        return rows

    def restore_user_data(self, snapshot_id: str, preset_id: str | None = None) -> RestoredData:
        """Put a snapshot's presets, drafts and config back (or only one preset): every
        object read and checked first, then a before-restore snapshot, then the files
        written; recorded in the audit trail."""
        if self._user_data is None:
            raise DesignerError("this profile has no designer data to restore into")
        with self._lock:
            repository = self.repository()
            snapshot = repository.snapshot(snapshot_id)
            if preset_id is not None:
                paths = preset_paths(snapshot.files, preset_id)
                if not paths:
                    raise DesignerError(f"snapshot {snapshot_id} has no preset {preset_id}")
            else:
                paths = sorted(p for p in snapshot.files if is_user_path(p))
                if not paths:
                    raise DesignerError(f"snapshot {snapshot_id} holds no designer data")
            files = {path: repository.store.get(snapshot.files[path]) for path in paths}
            before = self.snapshot("before-restore")
            restored = restore_user_files(self._user_data, files, paths)
            target = snapshot_id + (f" preset {preset_id}" if preset_id else " designer data")
            repository.audit.append("restore", target, self._profile_name)
            restored.before = before.id if before is not None else None
            return restored

    def record(self, action: str, target: str) -> None:
        """Append to the audit trail (the repository is made if there is none yet)."""
        self.repository(create=True).audit.append(action, target, self._profile_name)

    def activity(self, limit: int) -> dict[str, Any]:
        """The newest `limit` audit entries, newest first, and whether the trail verifies."""
        if not self.exists():
            return {"entries": [], "total": 0, "ok": True, "problems": []}
        audit = self.repository().audit
        report = audit.verify()
        entries = audit.entries() if report.ok else []
        shown = [
            {k: e.get(k) for k in ("seq", "time", "profile", "action", "target")}
            for e in reversed(entries[-limit:])
        ]
        problems = [f"{where}: {what}" for where, what in sorted(report.problems.items())]
        return {"entries": shown, "total": len(entries), "ok": report.ok, "problems": problems}

    def record_restore(
        self, snapshot_id: str, notetype_id: int | None, card_type: str | None = None
    ) -> None:
        """The audit trail's entry for a restore made from the designer."""
        target = snapshot_id + (f" note type {notetype_id}" if notetype_id is not None else "")
        target += f" card type {card_type}" if card_type is not None else ""
        self.repository().audit.append("restore", target, self._profile_name)

    # -- verify ------------------------------------------------------------------------
    def verify(self, read_data: bool, repair: bool = False) -> VerifyReport:
        """Check every snapshot (with `read_data`, open and re-hash every object, with
        progress) and compare the replica when there is one; with `repair`, heal each
        damaged or missing file from the side that holds a good copy, then check again."""
        repository = self.repository()
        if repair:
            self.progress.start("Repairing from the replica", 0)
            try:
                return repository.verify(read_data=True, repair=True)
            finally:
                self.progress.finish()
        store = repository.store
        self.progress.start("Checking the snapshots", 0)
        try:
            structure = store.verify(read_data=False)
            if read_data and structure.objects:
                self.progress.start("Reading every object", structure.objects)
                structure = CountingStore(store, self.progress.tick).verify(read_data=True)
            if repository.replica is not None:
                self.progress.start("Comparing with the replica", 0)
                structure.replica = compare(repository.primary, repository.replica)
            return structure
        finally:
            self.progress.finish()


def _stored_size(store: ObjectStore, name: str) -> int:
    """The bytes an object takes in the repository (in a pack or a file of its own)."""
    location = store.index.locations.get(name)
    if location is not None:
        return location.length
    return max(0, store.backend.size(object_path(name)))


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", errors="replace")
