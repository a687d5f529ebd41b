"""The metrics service's figures persisted over sessions: one line per session with each
operation's count and median, so trends, the slowest operations and regressions can be
shown. Operation names are our own code names (`preview.render`), never user text.
Stored in `user_files/insights/performance.jsonl` (one JSON object a line, `schema` 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..metrics.snapshot import OperationStats
from .anomalies import Anomaly, latest_anomaly

SCHEMA = 1
MAX_SESSIONS = 500


@dataclass(frozen=True)
class Regression:
    operation: str
    anomaly: Anomaly

    def to_json(self) -> dict[str, object]:
        latest, usual = self.anomaly.latest * 1000, self.anomaly.baseline * 1000
        return {
            "operation": self.operation,
            "latest_ms": round(latest, 3),
            "baseline_ms": round(usual, 3),
            "ratio": round(self.anomaly.ratio, 2),
            "message": f"{self.operation} took {latest:.1f} ms (median) this session, "
            f"{self.anomaly.ratio:.1f}× its usual {usual:.1f} ms",
        }


class PerformanceHistory:
    def __init__(self, path: Path) -> None:
        self._path = path

    def append_session(self, at: float, operations: Iterable[OperationStats]) -> None:
        line = {
            "schema": SCHEMA,
            "at": at,
            "ops": {op.name: [op.count, op.p50_s] for op in operations if op.p50_s is not None},
        }
        sessions = [*self.sessions(), line][-MAX_SESSIONS:]
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._path.write_text("".join(json.dumps(s) + "\n" for s in sessions), encoding="utf-8")

    def sessions(self) -> list[dict[str, object]]:
        if not self._path.is_file():
            return []
        found = []
        for text in self._path.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(text)
            except ValueError:
                continue  # a line cut short by a crash; the rest is kept
            if isinstance(line, dict) and line.get("schema") == SCHEMA:
                found.append(line)
        return found

    def series(self, operation: str) -> list[float]:
        values = []
        for session in self.sessions():
            ops = session.get("ops")
            if isinstance(ops, dict) and operation in ops:
                values.append(float(ops[operation][1]))
        return values

    def slowest(self, limit: int = 5) -> list[tuple[str, float]]:
        sessions = self.sessions()
        if not sessions:
            return []
        latest = sessions[-1]["ops"]
        assert isinstance(latest, dict)
        ranked = sorted(((name, float(v[1])) for name, v in latest.items()), key=lambda i: -i[1])
        return ranked[:limit]

    def regressions(self) -> list[Regression]:
        names: set[str] = set()
        for session in self.sessions():
            ops = session.get("ops")
            if isinstance(ops, dict):
                names.update(ops)
        found = []
        for name in sorted(names):
            anomaly = latest_anomaly(self.series(name))
            if anomaly is not None:
                found.append(Regression(name, anomaly))
        return found

    def delete(self) -> None:
        self._path.unlink(missing_ok=True)
