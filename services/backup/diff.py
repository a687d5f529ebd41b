"""What differs between a snapshot and the note types a collection holds now: note types
added, removed or changed, and in each changed one which files (`notetype.json`, a card
type's `front.html`, `style.css`, ...). Compares keyed hashes only: nothing is decrypted,
so it is quick enough for the panel to show before a restore."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..notetype_files import name_from_file_name
from .crypto import ObjectCipher
from .store import Snapshot
from .user_data import notetype_paths

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass
class NotetypeDiff:
    folder: str
    name: str
    status: str  # added (in the collection only), removed (in the snapshot only), changed
    added: list[str] = field(default_factory=list)  # files in the collection only
    removed: list[str] = field(default_factory=list)  # files in the snapshot only
    changed: list[str] = field(default_factory=list)


@dataclass
class SnapshotDiff:
    snapshot: str
    notetypes: list[NotetypeDiff] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.notetypes

    def to_json(self) -> dict[str, object]:
        return {
            "snapshot": self.snapshot,
            "notetypes": [vars(d) for d in self.notetypes],
        }


def _folders(files: Mapping[str, str]) -> dict[str, dict[str, str]]:
    folders: dict[str, dict[str, str]] = {}
    for path, name in files.items():
        folder, _, inner = path.partition("/")
        folders.setdefault(folder, {})[inner] = name
    return folders


def _name(folder: str, current: Mapping[str, bytes]) -> str:
    """The note type's name, from the collection's notetype.json when it has it."""
    raw = current.get(f"{folder}/notetype.json")
    if raw is not None:
        try:
            return str(json.loads(raw)["name"])
        except (ValueError, KeyError, TypeError):
            pass
    return name_from_file_name(folder) or folder


def diff_snapshot(
    snapshot: Snapshot, current: Mapping[str, bytes], cipher: ObjectCipher
) -> SnapshotDiff:
    """`current`: the collection's note types as files (`notetypes_as_files`)."""
    now = _folders({path: cipher.name(data) for path, data in current.items()})
    then = _folders(notetype_paths(snapshot.files))
    result = SnapshotDiff(snapshot.id)
    for folder in sorted(set(now) | set(then)):
        if folder not in then:
            result.notetypes.append(NotetypeDiff(folder, _name(folder, current), ADDED))
        elif folder not in now:
            result.notetypes.append(NotetypeDiff(folder, _name(folder, current), REMOVED))
        elif now[folder] != then[folder]:
            a, b = now[folder], then[folder]
            result.notetypes.append(
                NotetypeDiff(
                    folder,
                    _name(folder, current),
                    CHANGED,
                    added=sorted(set(a) - set(b)),
                    removed=sorted(set(b) - set(a)),
                    changed=sorted(p for p in set(a) & set(b) if a[p] != b[p]),
                )
            )
    return result
