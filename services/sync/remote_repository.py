"""The backup repository on a sync remote: its key file, its encrypted store and its head.

The remote holds exactly the backup repository format (services/backup/: ``keys.json``,
write-once sealed packs, index files, objects and snapshot manifests) plus one mutable
file, the head (`head.py`), changed only by compare-and-swap. `open_or_create` unlocks it
with the passphrase, or makes a new one when the remote is empty and this machine never
synced (the recovery code is answered once). Objects go through `ObjectStore.put`, so only
objects the remote lacks travel; a snapshot manifest lists the agreed tree by object name,
so a note type nobody changed costs nothing to list again.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping

from ..backup.backend import ConditionalBackend, RemoteChanged
from ..backup.compression import compress
from ..backup.crypto import ObjectCipher, TamperedData
from ..backup.keys import DeviceKey, KeyFile, RecoveryCode
from ..backup.pack_index import index_file
from ..backup.store import ObjectStore, Snapshot
from .errors import RemoteEmpty, SyncError
from .head import HEAD, Head
from .known_objects import KnownObjects

KEYS = "keys.json"
REASON = "manual"  # store.REASONS has no "sync"; the profile field says "sync <machine>"


class RemoteRepository:
    def __init__(self, backend: ConditionalBackend, keys: KeyFile, master: bytes) -> None:
        self.backend = KnownObjects(backend)
        self.keys = keys
        self.key_bytes = b""  # keys.json as read (a later sync compares it)
        self.cipher = ObjectCipher(master)
        self.store = ObjectStore(self.backend, self.cipher)

    def __repr__(self) -> str:
        return f"RemoteRepository({self.backend.backend!r})"

    @property
    def repo_id(self) -> str:
        return self.keys.repo_id

    @classmethod
    def open_or_create(
        cls, backend: ConditionalBackend, passphrase: str, may_create: bool
    ) -> tuple[RemoteRepository, RecoveryCode | None]:
        """Unlock the remote's repository; make one when there is none and `may_create`
        (else `RemoteEmpty`: a remote this machine synced with has lost its key file)."""
        raw = backend.read_tagged(KEYS)
        code = None
        if raw is None:
            if not may_create:
                raise RemoteEmpty(
                    f"{backend!r} has no {KEYS} although this machine synced with it before "
                    "(wiped or replaced?): nothing was changed"
                )
            keys, master, code = KeyFile.create(
                secrets.token_hex(16), DeviceKey(secrets.token_bytes(32))
            )
            keys = keys.with_passphrase(master, passphrase)  # the throwaway device slot goes
            body = json.dumps(keys.to_json(), indent=1, sort_keys=True).encode()
            if backend.create(KEYS, body):
                made = cls(backend, keys, master)
                made.key_bytes = body
                return made, code
            raw = backend.read_tagged(KEYS)  # another machine made it first: use theirs
            code = None
            if raw is None:
                raise SyncError(f"{backend!r}: {KEYS} cannot be read back")
        try:
            keys = KeyFile.from_json(json.loads(raw[0]), f"{backend!r}/{KEYS}")
        except ValueError as error:
            raise TamperedData(f"{backend!r}/{KEYS} is not a key file ({error})") from None
        opened = cls(backend, keys, keys.unlock_with_passphrase(passphrase))
        opened.key_bytes = raw[0]
        return opened, code

    # -- the head -------------------------------------------------------------------------
    def read_head(self) -> tuple[Head | None, str | None]:
        tagged = self.backend.read_tagged(HEAD)
        if tagged is None:
            return None, None
        return Head.open(self.cipher, tagged[0]), tagged[1]

    def replace_head(self, head: Head, tag: str | None) -> str:
        """Compare-and-swap; `RemoteChanged` when another machine moved the head."""
        return self.backend.replace_if(HEAD, head.seal(self.cipher), tag)

    def forget(self) -> None:
        """Read the index and the object listing again (another machine wrote since)."""
        self.store = ObjectStore(self.backend, self.cipher)  # drops a failed batch too
        self.backend.forget()

    # -- trees ------------------------------------------------------------------------------
    def manifest(self, snapshot_id: str) -> Snapshot:
        name = f"snapshots/{snapshot_id}"
        if not self.backend.exists(name):
            raise SyncError(f"the remote head names snapshot {snapshot_id}, which is missing")
        return self.store.read_manifest(name)

    def write_tree(
        self, names: Mapping[str, str], contents: Mapping[str, bytes], machine: str
    ) -> tuple[Snapshot, int]:
        """A snapshot listing `names` (path -> object name). Objects are put from
        `contents` (object name -> bytes), which must hold every name the remote may
        lack; the store skips those it has. Returns the snapshot and objects uploaded."""
        generation = self.store.index.generation
        try:
            uploaded = self._put_all(names, contents)
        except TamperedData:
            if self.backend.exists(index_file(generation + 1)):
                clash = index_file(generation + 1)
                raise RemoteChanged(f"{clash} was written by another machine") from None
            raise
        when = time.time()
        snapshot = Snapshot(
            f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(when))}-{secrets.token_hex(4)}",
            when,
            REASON,
            f"sync {machine}".strip(),
            dict(sorted(names.items())),
            self.store.index.head,
        )
        manifest = compress(json.dumps(snapshot.to_json(), sort_keys=True).encode())
        path = f"snapshots/{snapshot.id}"
        self.backend.create(path, self.cipher.seal(path, manifest))
        return snapshot, uploaded

    def _put_all(self, names: Mapping[str, str], contents: Mapping[str, bytes]) -> int:
        uploaded = 0
        with self.store.batch():
            for name in sorted(set(names.values())):
                if self.store.has(name):
                    continue
                if name not in contents:
                    raise SyncError(f"object {name} is neither on the remote nor here")
                if self.store.put(contents[name]) != name:
                    raise SyncError(f"object {name} does not hold what its name says")
                uploaded += 1
        return uploaded

    def get(self, name: str) -> bytes:
        """An object's content, opened and checked (`TamperedData` naming it otherwise)."""
        return self.store.get(name)
