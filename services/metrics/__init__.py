"""Timers, counters, percentiles, memory samples and slow-operation alerts.

`Metrics` records; `snapshot()` freezes; `export` turns snapshots into JSON and CSV.
Percentiles use the nearest-rank definition over a sliding window (see percentiles.py).
"""

from .collector import Metrics
from .export import (
    FORMATS,
    ExportFormatError,
    export_file_name,
    export_text,
    operations_from_csv,
    snapshot_from_json,
    snapshot_to_csv,
    snapshot_to_json,
)
from .memory import MemoryProbe, MemorySample
from .percentiles import DEFINITION as PERCENTILE_DEFINITION
from .percentiles import nearest_rank
from .snapshot import MetricsSnapshot, OperationStats
from .thresholds import Alert, Threshold
from .timer import Timing

__all__ = [
    "FORMATS",
    "PERCENTILE_DEFINITION",
    "Alert",
    "ExportFormatError",
    "MemoryProbe",
    "MemorySample",
    "Metrics",
    "MetricsSnapshot",
    "OperationStats",
    "Threshold",
    "Timing",
    "export_file_name",
    "export_text",
    "nearest_rank",
    "operations_from_csv",
    "snapshot_from_json",
    "snapshot_to_csv",
    "snapshot_to_json",
]
