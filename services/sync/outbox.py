"""The outbox: which note types changed since the last sync, kept in a SQLite file so a
change made offline (or before Anki was killed) is still synced later.

One row per note type (changes coalesce: a second save of a note type only moves its time
and sequence number). A sync takes `pending()` before it starts and, once it has
succeeded, `clear(those entries)`: a row removed only if its sequence number is still the
one taken, so a save made while the sync ran stays queued for the next one. Nothing is
removed before the engine's sync returned, so a sync killed half-way leaves every entry.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    notetype_id INTEGER PRIMARY KEY,
    changed_at REAL NOT NULL,
    seq INTEGER NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    notetype_id: int
    changed_at: float
    seq: int


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (each statement its own transaction), usable from
    the task manager's threads (callers serialise through their own lock)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=5.0, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


class Outbox:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._db = connect(self.path)
        self._db.execute(SCHEMA)

    def __repr__(self) -> str:
        return f"Outbox({self.path})"

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()
        return int(count)

    def record(self, notetype_id: int, at: float | None = None) -> None:
        """Note type `notetype_id` changed at `at` (now by default)."""
        when = self._clock() if at is None else at
        with self._lock:
            self._db.execute(
                "INSERT INTO outbox (notetype_id, changed_at, seq) "
                "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox)) "
                "ON CONFLICT(notetype_id) DO UPDATE SET changed_at = excluded.changed_at, "
                "seq = (SELECT MAX(seq) + 1 FROM outbox)",
                (int(notetype_id), float(when)),
            )

    def pending(self) -> list[Entry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT notetype_id, changed_at, seq FROM outbox ORDER BY seq"
            ).fetchall()
        return [Entry(int(n), float(t), int(s)) for n, t, s in rows]

    def clear(self, entries: Iterable[Entry]) -> int:
        """Remove the entries a successful sync covered; a row changed since is kept."""
        with self._lock:
            removed = 0
            for entry in entries:
                cursor = self._db.execute(
                    "DELETE FROM outbox WHERE notetype_id = ? AND seq = ?",
                    (entry.notetype_id, entry.seq),
                )
                removed += cursor.rowcount
        return removed

    def close(self) -> None:
        with self._lock:
            self._db.close()
