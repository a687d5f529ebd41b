"""The disk tier's index of tags and expiry times, beside diskcache's own database.

diskcache gives each entry at most one tag and can only find entries by tag with a full
table scan of values, while our entries carry several tags and expire by our clock. This
small SQLite table answers "which keys carry tag T", "which keys match a pattern" and
"which keys have expired" without reading a single value.

The index is written before diskcache and removed after it, so it always lists at least
the keys on disk: an invalidation may try to delete a key that is already gone (harmless)
but never misses one. Rows left behind by diskcache's own eviction are pruned in bulk.
The owner (`DiskTier`) serialises access with its lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

INDEX_FILE_NAME = "atd-index.sqlite3"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, expires_at REAL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at)"
    " WHERE expires_at IS NOT NULL",
    "CREATE TABLE IF NOT EXISTS tags (tag TEXT NOT NULL, key TEXT NOT NULL,"
    " PRIMARY KEY (tag, key)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS tags_key ON tags (key)",
)


class DiskIndex:
    """Tags and expiry per key. Raises sqlite3 errors; `DiskTier` decides what they mean."""

    def __init__(self, directory: Path, *, timeout: float) -> None:
        self.path = directory / INDEX_FILE_NAME
        # The tier's lock serialises every call, so one connection serves all threads.
        self._db = sqlite3.connect(
            self.path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                self._db.execute(statement)
        except sqlite3.Error:
            self._db.close()
            raise

    def put(self, key: str, expires_at: float | None, tags: Iterable[str]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM tags WHERE key = ?", (key,))
            self._db.execute(
                "INSERT OR REPLACE INTO entries (key, expires_at) VALUES (?, ?)", (key, expires_at)
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO tags (tag, key) VALUES (?, ?)", [(t, key) for t in tags]
            )

    def remove(self, keys: Iterable[str]) -> None:
        rows = [(key,) for key in keys]
        if not rows:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM tags WHERE key = ?", rows)
            self._db.executemany("DELETE FROM entries WHERE key = ?", rows)

    def has(self, key: str) -> bool:
        row = self._db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone()
        return row is not None

    def keys_with_tag(self, tag: str) -> list[str]:
        rows = self._db.execute("SELECT key FROM tags WHERE tag = ?", (tag,)).fetchall()
        return [str(row[0]) for row in rows]

    def all_keys(self) -> list[str]:
        return [str(row[0]) for row in self._db.execute("SELECT key FROM entries").fetchall()]

    def expired_keys(self, now: float) -> list[str]:
        rows = self._db.execute(
            "SELECT key FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ?", (now,)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM entries").fetchone()
        return int(row[0])

    def clear(self) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM tags")
            self._db.execute("DELETE FROM entries")

    def close(self) -> None:
        self._db.close()
