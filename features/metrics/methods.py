"""Bridge methods of the Performance panel (developer mode): live latency per operation,
cache hit rates, task queue depth and memory, as one JSON snapshot; and the snapshot
saved as a JSON or CSV file the user picks (the metrics service's own export formats, which
`atd metrics-export` reads back)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.errors import DesignerError
from ...sdk.hosts import FileDialogs
from ...services.cache import TwoLevelCache
from ...services.metrics import FORMATS, Metrics, export_file_name, export_text
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


FILE_KINDS = {"json": "Performance figures (JSON)", "csv": "Performance figures (CSV)"}


def export_snapshot(registry: Registry, fmt: str) -> dict[str, Any]:
    """Snapshot now, ask the user where, write; `{"path": None}` when they cancel."""
    snapshot = registry.get(Metrics).snapshot()
    path = registry.get(FileDialogs).choose_save(  # type: ignore[type-abstract]
        "Export performance figures",
        FILE_KINDS[fmt],
        fmt,
        "atdMetrics",
        export_file_name(snapshot, fmt),
    )
    if path is None:
        return {"path": None}
    data = export_text(snapshot, fmt).encode("utf-8")
    try:
        Path(path).write_bytes(data)
    except OSError as error:  # the user's choice of place: a clear message, not a traceback
        reason = error.strerror or type(error).__name__
        raise DesignerError(f"cannot write {path}: {reason}", {"path": path}) from error
    return {"path": path, "bytes": len(data), "operations": len(snapshot.operations)}


def metrics_methods(registry: Registry) -> list[Method]:
    return [
        Method("metrics.snapshot", lambda _params: performance_snapshot(registry)),
        Method(
            "metrics.export",
            lambda p: export_snapshot(registry, p["format"]),
            params({"format": {"enum": list(FORMATS)}}, ["format"]),
        ),
    ]
