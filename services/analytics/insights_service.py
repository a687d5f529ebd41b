"""The Insights feature's service: the report for the open collection, the recorded
template changes (per profile), opt-in usage analytics and performance history.

Everything it stores lives in `user_files/insights/` and stays on this machine:
`<profile>/template_changes.json`, `usage.json` (only after opting in) and
`<profile>/performance.jsonl`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..metrics.snapshot import OperationStats
from ..notetypes import CollectionGetter
from .performance_history import PerformanceHistory
from .report import build_report
from .template_changes import TemplateChangeLog
from .usage_events import UsageAnalytics


def _now_ms() -> int:
    return int(time.time() * 1000)


class InsightsService:
    def __init__(
        self,
        folder: Path,
        profile_key: str,
        collection: CollectionGetter,
        clock_ms: Callable[[], int] = _now_ms,
    ) -> None:
        safe_profile = "".join(c if c.isalnum() or c in "-_" else "_" for c in profile_key)
        self._collection = collection
        self._clock_ms = clock_ms
        self.changes = TemplateChangeLog(folder / safe_profile / "template_changes.json", clock_ms)
        self.performance = PerformanceHistory(folder / safe_profile / "performance.jsonl")
        self.usage = UsageAnalytics(folder / "usage.json", clock_ms)

    def observe_collection(self) -> None:
        """Remember every note type as it is now (the baseline for the next save)."""
        col = self._collection()
        for notetype in col.models.all():
            self.changes.observe(int(notetype["id"]), notetype)

    def report(self, notetype_id: int | None) -> dict[str, Any]:
        col = self._collection()
        notetypes = [dict(nt) for nt in col.models.all()]
        if notetype_id is not None:
            notetypes = [nt for nt in notetypes if int(nt["id"]) == notetype_id]
            if not notetypes:
                raise LookupError(f"no note type with id {notetype_id}")
        notetypes.sort(key=lambda nt: str(nt["name"]).casefold())
        report = build_report(col, notetypes, self.changes.changes(), now_ms=self._clock_ms())
        report["performance"] = {
            "slowest": [
                {"operation": n, "p50_ms": round(s * 1000, 3)}
                for n, s in self.performance.slowest()
            ],
            "regressions": [r.to_json() for r in self.performance.regressions()],
        }
        report["usage"] = self.usage.summary() if self.usage.enabled else {"enabled": False}
        return report

    def end_session(self, operations: tuple[OperationStats, ...]) -> None:
        self.usage.flush()
        if operations:
            self.performance.append_session(self._clock_ms() / 1000, operations)
