"""A frozen copy of every metric at one moment: what is exported, shown and compared."""

from __future__ import annotations

from dataclasses import dataclass, field

from .memory import MemorySample
from .thresholds import Alert


@dataclass(frozen=True)
class OperationStats:
    """Lifetime count/errors/total/min/max; percentiles over the last `window` samples.
    Times are seconds; None where there are no samples."""

    name: str
    count: int
    errors: int
    total_s: float
    mean_s: float | None
    min_s: float | None
    max_s: float | None
    p50_s: float | None
    p95_s: float | None
    p99_s: float | None
    window: int


@dataclass(frozen=True)
class MetricsSnapshot:
    taken_at: float
    percentile_definition: str
    operations: tuple[OperationStats, ...] = ()
    counters: dict[str, int] = field(default_factory=dict)
    memory: MemorySample | None = None
    alerts: tuple[Alert, ...] = ()

    def operation(self, name: str) -> OperationStats | None:
        return next((op for op in self.operations if op.name == name), None)
