"""A point-in-time report of the task manager, for diagnostics and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TaskStats:
    """`outcomes` counts requests (not executions) by final status; `late_results` counts
    executions that finished after their requests had timed out or been cancelled."""

    queued: int
    running: int
    max_concurrency: int
    max_queued: int
    submitted: int
    deduplicated: int
    late_results: int
    outcomes: dict[str, int] = field(default_factory=dict)
