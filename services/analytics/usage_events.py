"""Opt-in, local usage analytics: which designer features are used, sessions, time from
open to the first save, adoption per week. Nothing else.

Privacy by construction: an event is one name from `EVENTS` (a fixed list in this file)
plus the time; `record` refuses any other name, so no note content, field text, note
type name or path can ever be stored, whatever a caller passes. Nothing is recorded
until the user opts in; opting out deletes the file. Stored in
`user_files/insights/usage.json` (schema-versioned), written on `flush` / `close`.

`record` is on the designer's hot paths: when enabled it appends a tuple to a list.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = 1
EVENTS = (
    "designer.opened",
    "designer.closed",
    "designer.saved",
    "canvas.component_added",
    "canvas.component_moved",
    "canvas.style_changed",
    "preview.shown",
    "preview.night_mode",
    "preview.mobile",
    "lint.shown",
    "presets.applied",
    "presets.saved",
    "export.done",
    "backup.created",
    "insights.opened",
    "insights.exported",
    "plugins.opened",
    # Appended only: an event is stored by its place in this list.
    "canvas.edited",
    "code.edited",
    "card_type.switched",
    "notetype.switched",
    "history.opened",
    "backups.opened",
    "plugins.changed",
    "insights.fixed",
)
#: What the designer page reports through `insights.events` (the rest is recorded in Python).
PAGE_EVENTS = (
    "canvas.component_added",
    "canvas.component_moved",
    "canvas.style_changed",
    "canvas.edited",
    "code.edited",
    "card_type.switched",
    "notetype.switched",
    "preview.night_mode",
    "preview.mobile",
    "history.opened",
    "backups.opened",
    "plugins.opened",
)
_CODE = {name: index for index, name in enumerate(EVENTS)}
#: Older events beyond this many are dropped (about a year of heavy use).
MAX_EVENTS = 200_000


class UsageError(ValueError):
    pass


class UsageAnalytics:
    def __init__(self, path: Path, clock_ms: Callable[[], int]) -> None:
        self._path = path
        self._clock_ms = clock_ms
        self._pending: list[tuple[int, int, int]] = []
        self._session = 0
        self._enabled = self._load_enabled()

    def _load(self) -> dict[str, Any]:
        if not self._path.is_file():
            return {"schema": SCHEMA, "enabled": False, "sessions": 0, "events": []}
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise UsageError(f"{self._path}: unreadable ({error})") from error
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise UsageError(f"{self._path}: not a usage file of schema {SCHEMA}")
        return data

    def _load_enabled(self) -> bool:
        try:
            return bool(self._load().get("enabled"))
        except UsageError:
            return False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def opt_in(self) -> None:
        data = self._load()
        data["enabled"] = True
        self._enabled = True
        self._write(data)

    def opt_out(self) -> None:
        """Stop recording and delete everything recorded."""
        self._enabled = False
        self._pending.clear()
        self._path.unlink(missing_ok=True)

    def start_session(self) -> None:
        if self._enabled:
            data = self._load()
            data["sessions"] = int(data.get("sessions", 0)) + 1
            self._session = data["sessions"]
            self._write(data)

    def record(self, event: str) -> None:
        if not self._enabled:
            return
        code = _CODE.get(event)
        if code is None:
            raise UsageError(f"unknown usage event {event[:40]!r}: only EVENTS are recorded")
        self._pending.append((self._clock_ms(), code, self._session))

    def flush(self) -> None:
        if not self._enabled or not self._pending:
            return
        data = self._load()
        events = [*data.get("events", []), *(list(e) for e in self._pending)]
        data["events"] = events[-MAX_EVENTS:]
        self._pending.clear()
        self._write(data)

    close = flush

    def summary(self) -> dict[str, object]:
        """Feature counts, adoption per ISO week, sessions, and the median time from open
        to the first save in a session."""
        self.flush()
        data: dict[str, Any] = self._load()
        events = [(int(at), EVENTS[code], session) for at, code, session in data["events"]
                  if 0 <= code < len(EVENTS)]  # fmt: skip
        weeks: dict[str, Counter[str]] = {}
        first_open: dict[int, int] = {}
        first_save: dict[int, int] = {}
        for at, name, session in events:
            year, week, _ = datetime.fromtimestamp(at / 1000, UTC).isocalendar()
            weeks.setdefault(f"{year}-W{week:02d}", Counter())[name] += 1
            if name == "designer.opened":
                first_open.setdefault(session, at)
            elif name == "designer.saved" and session in first_open:
                first_save.setdefault(session, at)
        to_save = sorted((first_save[s] - first_open[s]) / 1000 for s in first_save)
        return {
            "enabled": self._enabled,
            "sessions": int(data.get("sessions", 0)),
            "features": dict(Counter(name for _, name, _ in events).most_common()),
            "weeks": {week: dict(counts) for week, counts in sorted(weeks.items())},
            "median_time_to_first_save_s": (to_save[len(to_save) // 2] if to_save else None),
        }

    def _write(self, data: dict[str, Any]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=".usage-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, separators=(",", ":"))
        os.replace(temporary, self._path)
