"""Remembers which first-run guides the user has seen (the designer's tour).

One small JSON file in `user_files/` (kept when Anki updates the add-on), shared by every
profile: the tour explains the designer, not a collection. Written atomically; a missing,
unreadable or damaged file counts as "nothing seen yet" (the worst case is one more tour),
and a failed write is reported to the caller, never half-written.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .presets.atomic import write_atomically

log = logging.getLogger(__name__)

#: Guides the page may record (an allowlist: the file never holds arbitrary keys).
GUIDES = ("designer-tour",)
OUTCOMES = ("finished", "skipped")
FILE_NAME = "onboarding.json"


class OnboardingState:
    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("onboarding state %s unreadable (%s); starting afresh", self._path, error)
            return {}
        seen = data.get("seen") if isinstance(data, dict) else None
        return {k: v for k, v in seen.items() if k in GUIDES} if isinstance(seen, dict) else {}

    def seen(self, guide: str) -> bool:
        return guide in self._read()

    def state(self) -> dict[str, bool]:
        """`{guide: seen}` for every guide."""
        seen = self._read()
        return {guide: guide in seen for guide in GUIDES}

    def mark_seen(self, guide: str, outcome: str) -> None:
        """Remember that `guide` was finished or skipped (so it is not shown again)."""
        if guide not in GUIDES:
            raise ValueError(f"unknown guide {guide!r}")
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._lock:
            seen = self._read()
            seen[guide] = {"outcome": outcome, "at": round(self._clock())}
            data = json.dumps({"version": 1, "seen": seen}, indent=1, sort_keys=True)
            write_atomically(self._path, data.encode("utf-8"))

    def reset(self, guide: str) -> None:
        """Show `guide` again next time."""
        with self._lock:
            seen = self._read()
            if seen.pop(guide, None) is None:
                return
            data = json.dumps({"version": 1, "seen": seen}, indent=1, sort_keys=True)
            write_atomically(self._path, data.encode("utf-8"))
