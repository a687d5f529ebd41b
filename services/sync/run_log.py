"""The last sync runs (when, how it ended, what moved), kept in the outbox's SQLite file
so the Sync panel can show them after a restart. Only the newest `keep` are kept. A run's
message is the error's text, which never holds a secret (the engine's and the remotes'
errors name files, URLs and note types only)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .outbox import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at REAL NOT NULL,
    finished_at REAL NOT NULL,
    outcome TEXT NOT NULL,
    message TEXT NOT NULL,
    pulled INTEGER NOT NULL,
    pushed INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    covered INTEGER NOT NULL
)
"""
FIELDS = (
    "started_at",
    "finished_at",
    "outcome",
    "message",
    "pulled",
    "pushed",
    "deleted",
    "conflicts",
    "covered",
)


@dataclass(frozen=True)
class Run:
    started_at: float
    finished_at: float
    outcome: str  # "synced", "conflict" or "error"
    message: str = ""
    pulled: int = 0
    pushed: int = 0
    deleted: int = 0
    conflicts: int = 0
    covered: int = 0  # outbox entries the run cleared

    def as_json(self) -> dict[str, Any]:
        return {
            "startedAt": self.started_at,
            "finishedAt": self.finished_at,
            "outcome": self.outcome,
            "message": self.message,
            "pulled": self.pulled,
            "pushed": self.pushed,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
            "covered": self.covered,
        }


class RunLog:
    def __init__(self, path: Path, keep: int = 50) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._db = connect(Path(path))
        self._db.execute(SCHEMA)

    def add(self, run: Run) -> None:
        values = tuple(getattr(run, name) for name in FIELDS)
        with self._lock:
            self._db.execute(
                f"INSERT INTO runs ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})",
                values,
            )
            self._db.execute(
                "DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)",
                (self.keep,),
            )

    def latest(self, limit: int | None = None) -> list[Run]:
        """Newest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM runs ORDER BY id DESC LIMIT ?",
                (limit or self.keep,),
            ).fetchall()
        return [Run(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
