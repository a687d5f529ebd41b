"""A collection as the local side of a sync: its note types as files (the shared layout,
services/notetype_files/), keyed by note type id, and the changes a sync brings put back.

Ids are the key because they are what two machines' collections share (Anki's own sync
keeps them): a renamed note type is the same note type. A note type the other machine
added is added here under the same id. A note type deleted on the other machine is
deleted here only when no note uses it; one that still has notes is kept (and named in
`apply`'s answer), since deleting it would delete those notes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from collections.abc import Mapping
from typing import Any

from ..history.history import folder_of
from ..notetype_files import all_notetypes, notetype_from_files, notetype_to_files
from ..notetype_files.layout import VOLATILE_KEYS


class CollectionSide:
    def __init__(self, col: Any) -> None:
        self.col = col
        self._laid_out: dict[str, tuple[bytes, dict[str, bytes]]] = {}

    def read(self) -> tuple[dict[str, dict[str, bytes]], dict[str, float]]:
        """({key: files}, {key: modification time in seconds}). Laying a note type out as
        files is the slow part (an indented JSON dump); a note type whose content
        (everything but ``mod``/``usn``, compared by a hash of its compact JSON) is as it
        was at the last read reuses those files."""
        files: dict[str, dict[str, bytes]] = {}
        mods: dict[str, float] = {}
        cache: dict[str, tuple[bytes, dict[str, bytes]]] = {}
        for notetype in all_notetypes(self.col):
            key = folder_of(notetype["id"])
            content = {k: v for k, v in notetype.items() if k not in VOLATILE_KEYS}
            stamp = hashlib.sha256(
                json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
            ).digest()
            known = self._laid_out.get(key)
            laid_out = known[1] if known and known[0] == stamp else notetype_to_files(notetype)
            cache[key] = (stamp, laid_out)
            files[key] = dict(laid_out)
            mods[key] = float(notetype.get("mod") or 0)
        self._laid_out = cache
        return files, mods

    def in_use(self, key: str) -> bool:
        existing = self.col.models.get(int(key))
        return existing is not None and bool(self.col.models.use_count(existing))

    def name(self, key: str) -> str:
        existing = self.col.models.get(int(key))
        return str(existing["name"]) if existing is not None else key

    def apply(self, writes: Mapping[str, Mapping[str, bytes]], deletes: list[str]) -> list[str]:
        """Write and delete note types; answers the keys of deletes refused (notes use them).
        Every written note type is read from its files first, so damaged files change
        nothing."""
        incoming = {key: notetype_from_files(dict(files)) for key, files in writes.items()}
        for key, notetype in incoming.items():
            existing = self.col.models.get(int(key))
            if existing is not None:
                self.col.models.update_dict({**copy.deepcopy(dict(existing)), **notetype})
            else:
                # with its usn and mtime "preserved", Anki adds it under the id given (the
                # path Anki's own importer takes); usn -1 so Anki's sync sends it on
                added = {**notetype, "id": int(key), "mod": int(time.time()), "usn": -1}
                self.col.models.update(added, preserve_usn=True)
        kept = []
        for key in deletes:
            existing = self.col.models.get(int(key))
            if existing is None:
                continue
            if self.col.models.use_count(existing):
                kept.append(key)
            else:
                self.col.models.remove(int(key))
        return kept
