"""SQLite persistence: every accepted update of every room, revoked tokens, activity.

Updates are appended as they are accepted (a room is the merge of its rows) and a room is
compacted into one row when it grows past `COMPACT_AFTER` rows, so a restart loads each
room from a handful of rows. WAL mode: one writer (the server), readers (the CLI) welcome.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

COMPACT_AFTER = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    room TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS updates_room ON updates(room, seq);
CREATE TABLE IF NOT EXISTS revoked (jti TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, room TEXT NOT NULL,
    kind TEXT NOT NULL, name TEXT NOT NULL, detail TEXT NOT NULL);
"""


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def room_updates(self, room: str) -> list[bytes]:
        rows = self._db.execute("SELECT data FROM updates WHERE room=? ORDER BY seq", (room,))
        return [bytes(row[0]) for row in rows]

    def append(self, room: str, update: bytes) -> int:
        """Stores one update; returns how many rows the room now has."""
        self._db.execute("INSERT INTO updates(room, data) VALUES (?, ?)", (room, update))
        (count,) = self._db.execute("SELECT COUNT(*) FROM updates WHERE room=?", (room,)).fetchone()
        return int(count)

    def compact(self, room: str, whole: bytes) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM updates WHERE room=?", (room,))
            self._db.execute("INSERT INTO updates(room, data) VALUES (?, ?)", (room, whole))

    def revoke(self, token_id: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO revoked(jti, at) VALUES (?, ?)", (token_id, time.time())
        )

    def revoked(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT jti FROM revoked")}

    def is_revoked(self, token_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM revoked WHERE jti=?", (token_id,)).fetchone()
        return row is not None

    def log(self, room: str, kind: str, name: str, detail: dict[str, Any] | None = None) -> None:
        self._db.execute(
            "INSERT INTO activity(at, room, kind, name, detail) VALUES (?, ?, ?, ?, ?)",
            (time.time(), room, kind, name, json.dumps(detail or {})),
        )

    def activity(self, room: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        query = "SELECT at, room, kind, name, detail FROM activity"
        args: tuple[Any, ...] = ()
        if room is not None:
            query += " WHERE room=?"
            args = (room,)
        rows = self._db.execute(query + " ORDER BY seq DESC LIMIT ?", (*args, limit))
        return [
            {"at": at, "room": r, "kind": kind, "name": name, "detail": json.loads(detail)}
            for at, r, kind, name, detail in rows
        ]
