"""A best-practice score out of 100 with its reasons, each a located diagnostic.

The reasons are our template lints (services/lint/template_lints.py) plus the analytics
findings (CSS complexity, unused fields, compatibility); each costs points by severity,
and the same code costs at most `MAX_PER_CODE` so one repeated habit does not zero it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..lint.diagnostic import Diagnostic

PENALTY = {"error": 15, "warning": 5, "info": 1}
MAX_PER_CODE = 15


@dataclass(frozen=True)
class Score:
    value: int
    reasons: tuple[Diagnostic, ...]

    def to_json(self) -> dict[str, object]:
        return {"value": self.value, "reasons": [r.to_json() for r in self.reasons]}


def best_practice_score(findings: list[Diagnostic]) -> Score:
    cost: dict[str, int] = defaultdict(int)
    for finding in findings:
        cost[finding.code] = min(MAX_PER_CODE, cost[finding.code] + PENALTY[finding.severity])
    value = max(0, 100 - sum(cost.values()))
    order = {"error": 0, "warning": 1, "info": 2}
    return Score(value, tuple(sorted(findings, key=lambda d: (order[d.severity], d.code))))
