"""Unsaved work on disk, so a crash or a killed Anki loses at most a few seconds.

One JSON file per note type in `user_files/drafts`, written atomically (temp file, fsync,
rename) so a crash mid-write leaves the previous draft intact. A draft that cannot be read
is moved aside (never deleted) and reported as absent.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Draft:
    notetype_id: int
    notetype: dict[str, Any]
    base_fingerprint: str
    saved_at: float

    def to_json(self) -> dict[str, Any]:
        return {
            "notetypeId": self.notetype_id,
            "notetype": self.notetype,
            "baseFingerprint": self.base_fingerprint,
            "savedAt": self.saved_at,
        }


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


class DraftStore:
    def __init__(self, directory: Path, clock: Callable[[], float] = time.time) -> None:
        self._directory = directory
        self._clock = clock

    def _path(self, notetype_id: int) -> Path:
        return self._directory / f"notetype-{int(notetype_id)}.json"

    def save(self, notetype: dict[str, Any], base_fingerprint: str) -> Draft:
        draft = Draft(int(notetype["id"]), notetype, base_fingerprint, self._clock())
        record = {"version": FORMAT_VERSION, **draft.to_json()}
        write_atomically(self._path(draft.notetype_id), json.dumps(record, ensure_ascii=False))
        return draft

    def load(self, notetype_id: int) -> Draft | None:
        path = self._path(notetype_id)
        if not path.exists():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("version") != FORMAT_VERSION:
                raise ValueError(f"unknown draft format {record.get('version')!r}")
            return Draft(
                int(record["notetypeId"]),
                dict(record["notetype"]),
                str(record["baseFingerprint"]),
                float(record["savedAt"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            aside = path.with_suffix(f".unreadable-{int(self._clock())}.json")
            path.replace(aside)
            log.warning("draft %s could not be read (%s); kept as %s", path.name, error, aside.name)
            return None

    def discard(self, notetype_id: int) -> None:
        self._path(notetype_id).unlink(missing_ok=True)
