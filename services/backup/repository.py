"""A backup repository on a folder: its keys (`keys.json`) and its encrypted store.

`Repository.init` makes one in an empty or new folder and returns the recovery code to
show the user once; `Repository.open` unlocks it with a passphrase when one is given,
else with this machine's key. The folder holds nothing readable but `keys.json` (wrapped
keys) and the names of sealed files.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from ...sdk.errors import DesignerError
from ..notetype_files import notetype_from_files
from .crypto import ObjectCipher
from .folder_backend import FolderBackend
from .keys import DeviceKey, KeyFile, RecoveryCode
from .store import ObjectStore, Snapshot

KEYS = "keys.json"


class NotARepository(DesignerError):
    """The folder is not a backup repository, or cannot become one."""


class Repository:
    def __init__(self, root: Path, keys: KeyFile, master: bytes) -> None:
        self.root = root
        self.keys = keys
        self.store = ObjectStore(FolderBackend(root), ObjectCipher(master))
        self._master = master

    def __repr__(self) -> str:
        return f"Repository({str(self.root)!r})"

    @classmethod
    def init(cls, root: Path, device: DeviceKey) -> tuple[Repository, RecoveryCode]:
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise NotARepository(f"{root}: a new repository needs an empty or new folder")
        keys, master, code = KeyFile.create(secrets.token_hex(16), device)
        keys.save(root / KEYS)
        return cls(root, keys, master), code

    @classmethod
    def open(
        cls, root: Path, device: DeviceKey | None = None, passphrase: str | None = None
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
        return cls(root, keys, master)

    def set_passphrase(self, passphrase: str) -> None:
        """Set or change the passphrase (the master key is rewrapped; nothing else changes)."""
        self.keys = self.keys.with_passphrase(self._master, passphrase)
        self.keys.save(self.root / KEYS)

    def snapshot(self, snapshot_id: str) -> Snapshot:
        for snapshot in self.store.snapshots():
            if snapshot.id == snapshot_id:
                return snapshot
        raise NotARepository(
            f"{self.root}: no snapshot {snapshot_id!r} (atd backup list shows them)"
        )

    def notetypes(self, snapshot: Snapshot, name: str | None = None) -> list[dict[str, Any]]:
        """The note types a snapshot holds (every object opened and checked first), or only
        the one called `name`."""
        folders: dict[str, dict[str, bytes]] = {}
        for path, data in self.store.files(snapshot).items():
            folder, _, inner = path.partition("/")
            folders.setdefault(folder, {})[inner] = data
        notetypes = [notetype_from_files(files) for _folder, files in sorted(folders.items())]
        if name is None:
            return notetypes
        chosen = [nt for nt in notetypes if nt["name"] == name]
        if not chosen:
            raise NotARepository(f"snapshot {snapshot.id} has no note type {name!r}")
        return chosen
