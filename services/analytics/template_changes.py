"""When each card type's templates last changed, recorded by this feature at save time.

The history feature's commits will be the better source once it exists; until then the
insights feature records, on every save, which sides changed and when. Stored in
`user_files/insights/template_changes.json` (schema-versioned; ids, card positions and
times only: no template text, names or paths).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = 1
#: Older entries are dropped beyond this many (a note type edited daily for years).
MAX_CHANGES = 5000
SIDES = ("front", "back", "css")


class ChangeLogError(RuntimeError):
    pass


@dataclass(frozen=True)
class TemplateChange:
    notetype_id: int
    card_ord: int | None  # None for the shared CSS
    side: str
    at_ms: int

    def to_json(self) -> dict[str, object]:
        return {
            "notetype_id": self.notetype_id,
            "card_ord": self.card_ord,
            "side": self.side,
            "at_ms": self.at_ms,
        }


def side_fingerprints(notetype: Mapping[str, Any]) -> dict[str, str]:
    """A short hash per side ("0/front", "0/back", "css"): enough to tell a change,
    nothing of the text itself."""

    def digest(text: object) -> str:
        return hashlib.sha256(str(text or "").encode()).hexdigest()[:16]

    found = {"css": digest(notetype.get("css"))}
    for index, template in enumerate(notetype.get("tmpls", [])):
        found[f"{index}/front"] = digest(template.get("qfmt"))
        found[f"{index}/back"] = digest(template.get("afmt"))
    return found


def _side_of(key: str) -> tuple[int | None, str]:
    if key == "css":
        return None, "css"
    ord_, side = key.split("/")
    return int(ord_), side


class TemplateChangeLog:
    def __init__(self, path: Path, clock_ms: Callable[[], int]) -> None:
        self._path = path
        self._clock_ms = clock_ms

    def _read(self) -> dict[str, Any]:
        if not self._path.is_file():
            return {"schema": SCHEMA, "changes": [], "fingerprints": {}}
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ChangeLogError(f"{self._path}: unreadable ({error})") from error
        schema = data.get("schema") if isinstance(data, dict) else None
        if schema != SCHEMA:
            raise ChangeLogError(f"{self._path}: schema {schema!r}, this version reads {SCHEMA}")
        found: dict[str, Any] = data
        found.setdefault("fingerprints", {})
        return found

    def changes(self, notetype_id: int | None = None) -> list[TemplateChange]:
        found = [
            TemplateChange(int(c["notetype_id"]), c["card_ord"], str(c["side"]), int(c["at_ms"]))
            for c in self._read().get("changes", [])
            if isinstance(c, dict) and c.get("side") in SIDES
        ]
        return [c for c in found if notetype_id is None or c.notetype_id == notetype_id]

    def observe(self, notetype_id: int, notetype: Mapping[str, Any]) -> None:
        """Remember how a note type looks (when the designer opens it) without recording a
        change, so that the next save can tell which sides it changed."""
        data = self._read()
        if str(notetype_id) not in data["fingerprints"]:
            data["fingerprints"][str(notetype_id)] = side_fingerprints(notetype)
            self._write(data)

    def record_save(
        self, notetype_id: int, notetype: Mapping[str, Any], at_ms: int | None = None
    ) -> list[TemplateChange]:
        """Record the sides that differ from the last observed or saved version. A note
        type never seen before is only observed: what changed is unknown."""
        data = self._read()
        now = self._clock_ms() if at_ms is None else at_ms
        new = side_fingerprints(notetype)
        old = data["fingerprints"].get(str(notetype_id))
        added = []
        if old is not None:
            added = [
                TemplateChange(notetype_id, *_side_of(key), now)
                for key, value in new.items()
                if old.get(key) != value
            ]
        data["fingerprints"][str(notetype_id)] = new
        data["changes"] = [*data.get("changes", []), *(c.to_json() for c in added)][-MAX_CHANGES:]
        self._write(data)
        return added

    def delete(self) -> None:
        self._path.unlink(missing_ok=True)

    def _write(self, data: dict[str, Any]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=".changes-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file)
        os.replace(temporary, self._path)
