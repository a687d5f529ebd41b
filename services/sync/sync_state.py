"""What this machine and the remote last agreed on, kept in a local file.

Per note type (by id) the object names of its files as both sides last held them: the
common ancestor of a three-way merge, and how a deletion is told from a note type that
is new on the other side. Also the repository's id (a remote replaced by another
repository is refused) and the head last written or read. Written atomically (a
temporary file renamed over), so a sync killed at any point leaves the previous state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..presets.atomic import write_atomically
from .errors import SyncError

FORMAT = "atd-sync-state/1"

#: note type key -> {path inside its folder: object name}
Names = dict[str, dict[str, str]]


@dataclass
class SyncState:
    repository: str = ""
    snapshot: str = ""
    seq: int = 0
    base: Names = field(default_factory=dict)

    @property
    def synced_before(self) -> bool:
        return bool(self.repository and self.snapshot)

    @classmethod
    def load(cls, path: Path) -> SyncState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SyncError(f"{path}: the sync state cannot be read ({error})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SyncError(f"{path}: not a sync state file of format {FORMAT}")
        try:
            base = {
                str(key): {str(p): str(n) for p, n in files.items()}
                for key, files in data["base"].items()
            }
            return cls(str(data["repository"]), str(data["snapshot"]), int(data["seq"]), base)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise SyncError(f"{path}: the sync state is damaged ({error})") from None

    def save(self, path: Path) -> None:
        body = {
            "format": FORMAT,
            "repository": self.repository,
            "snapshot": self.snapshot,
            "seq": self.seq,
            "base": self.base,
        }
        write_atomically(path, json.dumps(body, indent=1, sort_keys=True).encode("utf-8"))
