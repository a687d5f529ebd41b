"""Bridge methods of the Performance panel (developer mode): live latency per operation,
cache hit rates, task queue depth and memory, as one JSON snapshot."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ...sdk.bridge import Method
from ...services.cache import TwoLevelCache
from ...services.metrics import Metrics
from ...services.preview.service import PreviewCache
from ...services.registry import Registry
from ...services.tasks import TaskManager

#: Told the method name, seconds taken and whether it succeeded (the dispatcher's observer).
Observe = Callable[[str, float, bool], None]


def _cache_json(cache: TwoLevelCache) -> dict[str, Any]:
    stats = cache.stats()
    return {**dataclasses.asdict(stats), "hitRate": stats.hit_rate}


def performance_snapshot(registry: Registry) -> dict[str, Any]:
    snapshot = registry.get(Metrics).snapshot()
    tasks = registry.get(TaskManager)
    return {
        "metrics": dataclasses.asdict(snapshot),
        "caches": {
            "preview": _cache_json(registry.get(PreviewCache)),
            "shared": _cache_json(registry.get(TwoLevelCache)),
        },
        "tasks": dataclasses.asdict(tasks.stats()),
    }


def bridge_observer(registry: Registry) -> Observe:
    """Times every bridge call as `bridge.<method>` (and counts the failed ones)."""

    def observe(method: str, seconds: float, ok: bool) -> None:
        metrics = registry.get(Metrics)
        metrics.record(f"bridge.{method}", seconds)
        if not ok:
            metrics.record_error(f"bridge.{method}")

    return observe


def metrics_methods(registry: Registry) -> list[Method]:
    return [Method("metrics.snapshot", lambda _params: performance_snapshot(registry))]
