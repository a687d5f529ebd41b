"""The sync engine: a collection's note types, both ways, with a remote repository.

One sync:

1. unlock the remote's repository (`remote_repository.py`; made on a first sync to an
   empty remote) and load what this machine and the remote last agreed on
   (`sync_state.py`);
2. read the remote head (`head.py`) and the snapshot it names; refuse a remote that lost
   its data since the last sync (`RemoteEmpty`) or is another repository;
3. decide note type by note type (`reconcile.py`: three-way against the agreed base,
   templates and CSS merged with services/history/merge.py, overlaps reported as
   conflicts and left alone on both sides until resolved);
4. refuse to delete more than `max_delete` of the note types (`MassDeleteRefused`);
5. when the remote changes: upload the objects it lacks, write a snapshot listing the new
   tree, and move the head by compare-and-swap. `RemoteChanged` (another machine synced
   in between) starts again from 2 with the new head, at most `attempts` times;
6. only then write the collection and the new sync state.

A failure before 5 has changed nothing; a failure inside 5 leaves at worst unlisted
objects on the remote (the head still names the old snapshot), and the next sync
completes. Nothing here logs the passphrase or keys.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..backup.backend import ConditionalBackend, RemoteChanged
from ..backup.keys import RecoveryCode
from ..notetype_files import notetype_from_files
from ..notetype_files.layout import LayoutError
from .collection_side import CollectionSide
from .errors import MassDeleteRefused, RemoteBusy, RemoteEmpty, SyncError
from .head import Head
from .reconcile import Plan, SyncConflict, reconcile
from .remote_repository import KEYS, RemoteRepository
from .sync_state import Names, SyncState


@dataclass
class SyncReport:
    pulled: list[str] = field(default_factory=list)  # note type names written here
    pushed: list[str] = field(default_factory=list)  # note type names changed on the remote
    deleted_here: list[str] = field(default_factory=list)
    deleted_there: list[str] = field(default_factory=list)
    conflicts: list[SyncConflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    uploaded_objects: int = 0
    attempts: int = 0
    recovery_code: RecoveryCode | None = None  # only when this sync made the repository

    @property
    def conflicted(self) -> list[str]:
        """The names of the note types in conflict, each once."""
        return sorted({c.name for c in self.conflicts})


def split_tree(files: Mapping[str, str]) -> Names:
    """A snapshot's ``key/path -> object`` listing as ``{key: {path: object}}``."""
    tree: Names = {}
    for full, name in files.items():
        key, _, path = full.partition("/")
        tree.setdefault(key, {})[path] = name
    return tree


def join_tree(tree: Names) -> dict[str, str]:
    return {f"{key}/{path}": name for key, files in tree.items() for path, name in files.items()}


class SyncEngine:
    def __init__(
        self,
        col: Any,
        backend: ConditionalBackend,
        passphrase: str,
        state_path: Path,
        machine: str | None = None,
        max_delete: float = 0.5,
        attempts: int = 5,
    ) -> None:
        self.side = CollectionSide(col)
        self.backend = backend
        self._passphrase = passphrase
        self.state_path = Path(state_path)
        self.machine = machine if machine is not None else socket.gethostname()
        self.max_delete = max_delete
        self.attempts = attempts
        self._repo: RemoteRepository | None = None

    def __repr__(self) -> str:  # never the passphrase
        return f"SyncEngine({self.backend!r}, state={self.state_path})"

    def sync(self, resolve: str | None = None, allow_mass_delete: bool = False) -> SyncReport:
        """One sync; `resolve` is ``ours``, ``theirs`` or ``newer`` (last writer wins)."""
        state = SyncState.load(self.state_path)
        repo, code = self._repository(state)
        if state.repository and state.repository != repo.repo_id:
            raise SyncError(
                f"{self.backend!r} holds another repository than the one this machine synced "
                "with: nothing was changed"
            )
        local, mods = self.side.read()
        local_names = {
            key: {path: repo.cipher.name(data) for path, data in files.items()}
            for key, files in local.items()
        }
        report = SyncReport(recovery_code=code)
        for attempt in range(1, self.attempts + 1):
            report.attempts = attempt
            head, tag = repo.read_head()
            remote, written_at = self._remote_tree(repo, head, state)
            plan = reconcile(
                state.base,
                local,
                local_names,
                remote,
                repo.get,
                repo.cipher.name,
                resolve,
                lambda key, at=written_at: mods.get(key, 0.0) >= int(at),  # type: ignore[misc]
            )
            self._keep_used(plan, local, local_names)
            self._guard(plan, state, allow_mass_delete)
            self._check(plan)
            if plan.remote_changes:
                try:
                    head = self._push(repo, plan, head, tag, report)
                except RemoteChanged:
                    repo.forget()
                    continue
            break
        else:
            raise RemoteBusy(
                f"{self.backend!r}: the remote head kept changing during {self.attempts} "
                "attempts; nothing here was changed, sync again"
            )
        kept = self.side.apply(plan.write_local, plan.delete_local)
        if kept:  # a note type gained notes between the check and now
            raise SyncError(f"note types still in use were not deleted: {', '.join(kept)}")
        self._fill(report, plan, local, remote, repo)
        SyncState(
            repo.repo_id, head.snapshot if head else "", head.seq if head else 0, plan.base
        ).save(self.state_path)
        return report

    # -- steps ------------------------------------------------------------------------------
    def _repository(self, state: SyncState) -> tuple[RemoteRepository, RecoveryCode | None]:
        """The remote repository, unlocked once per engine (the passphrase's key stretching
        costs ~0.1 s); later syncs only re-read what other machines may have written."""
        if self._repo is not None and self._repo.backend.backend is self.backend:
            raw = self.backend.read_tagged(KEYS)
            if raw is not None and raw[0] == self._repo.key_bytes:
                self._repo.forget()
                return self._repo, None
        repo, code = RemoteRepository.open_or_create(
            self.backend, self._passphrase, may_create=not state.synced_before
        )
        self._repo = repo
        return repo, code

    def _remote_tree(
        self, repo: RemoteRepository, head: Head | None, state: SyncState
    ) -> tuple[Names, float]:
        if head is None:
            if state.synced_before:
                raise RemoteEmpty(
                    f"{self.backend!r} has no head although this machine synced with it "
                    "before (wiped or replaced?): nothing was changed"
                )
            return {}, 0.0
        snapshot = repo.manifest(head.snapshot)
        tree = split_tree(snapshot.files)
        if not tree and state.base:
            raise RemoteEmpty(
                f"{self.backend!r} lists no note types although {len(state.base)} were "
                "synced with it: nothing was changed"
            )
        return tree, snapshot.time

    def _keep_used(
        self, plan: Plan, local: Mapping[str, Mapping[str, bytes]], local_names: Names
    ) -> None:
        """A note type deleted over there but used by notes here is kept and sent back."""
        for key in list(plan.delete_local):
            if not self.side.in_use(key):
                continue
            plan.delete_local.remove(key)
            plan.pushed.append(key)
            plan.agreed[key] = plan.base[key] = local_names[key]
            for path, name in local_names[key].items():
                plan.contents[name] = local[key][path]
            plan.notes.append(
                f"{self.side.name(key)}: deleted on the remote, but notes here use it; kept"
            )

    def _check(self, plan: Plan) -> None:
        """Every note type to be written must read back from its files: damaged (or
        badly merged) files stop the sync before anything is written on either side."""
        for key, files in plan.write_local.items():
            try:
                notetype_from_files(dict(files))
            except LayoutError as error:
                raise SyncError(
                    f"note type {_name(files, key)}: the synced files do not make a note "
                    f"type ({error}); nothing was changed"
                ) from None

    def _guard(self, plan: Plan, state: SyncState, allow: bool) -> None:
        deletes = len(plan.delete_local) + len(plan.delete_remote)
        known = len(state.base)
        if not allow and deletes and known and deletes > self.max_delete * known:
            raise MassDeleteRefused(
                f"this sync would delete {deletes} of {known} note types "
                f"(more than {self.max_delete:.0%}): nothing was changed; sync with the "
                "mass delete allowed if that is meant"
            )

    def _push(
        self,
        repo: RemoteRepository,
        plan: Plan,
        head: Head | None,
        tag: str | None,
        report: SyncReport,
    ) -> Head:
        snapshot, uploaded = repo.write_tree(join_tree(plan.agreed), plan.contents, self.machine)
        new = Head.next(head, snapshot.id, self.machine)
        try:
            repo.replace_head(new, tag)
        except RemoteChanged:
            now, _tag = repo.read_head()
            if now is None or now.nonce != new.nonce:  # not our own write answered late
                raise
        report.uploaded_objects += uploaded
        return new

    def _fill(
        self,
        report: SyncReport,
        plan: Plan,
        local: Mapping[str, Mapping[str, bytes]],
        remote: Names,
        repo: RemoteRepository,
    ) -> None:
        def title(key: str) -> str:
            files = plan.write_local.get(key) or local.get(key)
            if files is not None:
                return _name(files, key)
            meta = remote.get(key, {}).get("notetype.json")
            return _name({"notetype.json": repo.get(meta)}, key) if meta else key

        report.pulled = sorted(title(k) for k in plan.write_local)
        report.pushed = sorted(title(k) for k in plan.pushed)
        report.deleted_here = sorted(title(k) for k in plan.delete_local)
        report.deleted_there = sorted(title(k) for k in plan.delete_remote)
        report.conflicts = list(plan.conflicts)
        report.notes = list(plan.notes)


def _name(files: Mapping[str, bytes], key: str) -> str:
    try:
        return str(json.loads(files["notetype.json"])["name"])
    except (KeyError, ValueError, TypeError):
        return key
