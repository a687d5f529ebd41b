"""Snapshots as JSON (everything, for bug reports) and CSV (tables, for spreadsheets).

Both are plain text the caller writes where it wants (e.g. user_files/metrics/). Floats
are written with `repr`, so reading an export back gives exactly the numbers written.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from typing import Any

from .memory import MemorySample
from .snapshot import MetricsSnapshot, OperationStats
from .thresholds import Alert

JSON_FORMAT = "atd-metrics/1"

OPERATION_FIELDS = [f.name for f in dataclasses.fields(OperationStats)]
_FLOAT_FIELDS = {name for name in OPERATION_FIELDS if name.endswith("_s")}  # seconds
CSV_COLUMNS = ["kind", *OPERATION_FIELDS, "value"]


class ExportFormatError(ValueError):
    """The text is not a metrics export this version can read."""


FORMATS = ("json", "csv")


def export_file_name(snapshot: MetricsSnapshot, fmt: str) -> str:
    """`atd-metrics-20261203-071700.json`: sorts by time, says what it is."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(snapshot.taken_at))
    return f"atd-metrics-{stamp}.{fmt}"


def export_text(snapshot: MetricsSnapshot, fmt: str) -> str:
    """The snapshot as `fmt` ("json" or "csv")."""
    if fmt == "json":
        return snapshot_to_json(snapshot)
    if fmt == "csv":
        return snapshot_to_csv(snapshot)
    raise ValueError(f"unknown metrics export format {fmt!r}; use one of {FORMATS}")


def snapshot_to_json(snapshot: MetricsSnapshot) -> str:
    document = {"format": JSON_FORMAT, **dataclasses.asdict(snapshot)}
    return json.dumps(document, indent=2, sort_keys=True, allow_nan=False)


def snapshot_from_json(text: str) -> MetricsSnapshot:
    try:
        document: dict[str, Any] = json.loads(text)
        if document.pop("format", None) != JSON_FORMAT:
            raise ExportFormatError(f"not an {JSON_FORMAT} document")
        memory = document.pop("memory")
        return MetricsSnapshot(
            taken_at=document["taken_at"],
            percentile_definition=document["percentile_definition"],
            operations=tuple(OperationStats(**op) for op in document["operations"]),
            counters={str(k): int(v) for k, v in document["counters"].items()},
            memory=None if memory is None else MemorySample(**memory),
            alerts=tuple(Alert(**alert) for alert in document["alerts"]),
        )
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as error:
        raise ExportFormatError(f"unreadable metrics JSON: {error}") from error


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def snapshot_to_csv(snapshot: MetricsSnapshot) -> str:
    """One row per operation, then one per counter and one per memory figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for op in snapshot.operations:
        writer.writerow(["operation", *(csv_cell(getattr(op, f)) for f in OPERATION_FIELDS), ""])
    blank = [""] * (len(OPERATION_FIELDS) - 1)
    for name, count in sorted(snapshot.counters.items()):
        writer.writerow(["counter", name, *blank, str(count)])
    if snapshot.memory is not None:
        for name in ("rss_bytes", "peak_rss_bytes"):
            writer.writerow(["memory", name, *blank, csv_cell(getattr(snapshot.memory, name))])
    return out.getvalue()


def _parsed(name: str, text: str) -> Any:
    if text == "":
        return None
    if name in _FLOAT_FIELDS:
        return float(text)
    return text if name == "name" else int(text)


def operations_from_csv(text: str) -> tuple[list[OperationStats], dict[str, int]]:
    """The operations and counters of a CSV export."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != CSV_COLUMNS:
        raise ExportFormatError(f"unexpected CSV columns: {reader.fieldnames}")
    operations: list[OperationStats] = []
    counters: dict[str, int] = {}
    try:
        for row in reader:
            if row["kind"] == "operation":
                fields = {f: _parsed(f, row[f]) for f in OPERATION_FIELDS}
                operations.append(OperationStats(**fields))
            elif row["kind"] == "counter":
                counters[row["name"]] = int(row["value"])
    except (ValueError, TypeError) as error:
        raise ExportFormatError(f"unreadable metrics CSV: {error}") from error
    return operations, counters
