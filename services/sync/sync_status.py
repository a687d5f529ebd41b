"""What the top bar and the Sync panel show about sync: one of

* ``synced`` — nothing waits in the outbox and the last run succeeded (or none ran yet);
* ``pending`` — changes wait and the next run is due (or running soon);
* ``syncing`` — a run is in progress (`progress` when the engine reports any: it reports
  none today, so it stays None);
* ``offline`` — changes wait and the connectivity check says there is no network;
* ``conflict`` — the last run found overlapping edits: they wait for a choice
  (`conflicts` names note type and place, never the texts);
* ``error`` — the last run failed (`message`); `retry_at` says when the next try is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SyncStatus:
    state: str = "synced"
    message: str = ""
    progress: float | None = None
    retry_at: float | None = None
    failures: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)
    recovery_code: str | None = None  # a new repository's, until taken once

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "message": self.message,
            "progress": self.progress,
            "retryAt": self.retry_at,
            "failures": self.failures,
            "conflicts": list(self.conflicts),
        }
