"""Reading what the designer left on disk about its performance, for `atd metrics-export`.

The metrics service keeps its figures in memory only; two things reach the disk:

* **exports** the user saved from the Performance panel (developer mode): `*.json` in the
  `atd-metrics/1` format and `*.csv` tables (export.py), wherever the user saved them;
* **alert lines** in the add-on's log (user_files/logs/designer.log and its rotated
  copies): the collector logs every slow-operation alert it raises or clears.

`read_paths` gathers both from files and folders; `combined_json` / `combined_csv` write
them out as one document, oldest first. Nothing is estimated or filled in: a CSV export
has no timestamp, so its `taken_at` stays empty; a cleared alert's line has no limit.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import (
    CSV_COLUMNS,
    OPERATION_FIELDS,
    ExportFormatError,
    csv_cell,
    operations_from_csv,
    snapshot_from_json,
)
from .memory import MemorySample
from .snapshot import OperationStats

COMBINED_FORMAT = "atd-metrics-collection/1"
LOG_NAME = re.compile(r"^designer\.log(?:\.\d+)?$")
# The collector's own words (collector.py `_alert_flipped`), after the log's prefix
# "<date> <time> <LEVEL> <logger>: ".
_LOG_PREFIX = r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d+)?) \w+ [\w.]+: "
_RAISED = re.compile(
    _LOG_PREFIX + r"slow operation (?P<name>\S+): p(?P<p>[\d.]+) is (?P<value>[\d.]+) ms, "
    r"above its (?P<limit>[\d.]+) ms threshold$"
)
_CLEARED = re.compile(
    _LOG_PREFIX
    + r"operation (?P<name>\S+) is back to normal: p(?P<p>[\d.]+) is (?P<value>[\d.]+) ms$"
)


@dataclass(frozen=True)
class ExportedSnapshot:
    """One export file's figures; `taken_at`, `memory` and `alerts` only from JSON."""

    source: str
    operations: tuple[OperationStats, ...]
    counters: dict[str, int]
    taken_at: float | None = None
    memory: MemorySample | None = None
    alerts: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LoggedAlert:
    source: str
    logged_at: str
    name: str
    percentile: float
    value_s: float
    limit_s: float | None
    active: bool


@dataclass
class Collected:
    snapshots: list[ExportedSnapshot] = field(default_factory=list)
    alerts: list[LoggedAlert] = field(default_factory=list)
    #: Files that looked like exports or logs but could not be read, with why.
    problems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.snapshots and not self.alerts


def _candidates(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
        elif path.is_file():
            files.append(path)
    return files


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in (".json", ".csv") or bool(LOG_NAME.match(path.name))


def _read_json(path: Path, text: str) -> ExportedSnapshot:
    snapshot = snapshot_from_json(text)
    return ExportedSnapshot(
        source=str(path),
        operations=snapshot.operations,
        counters=dict(snapshot.counters),
        taken_at=snapshot.taken_at,
        memory=snapshot.memory,
        alerts=tuple(dataclasses.asdict(a) for a in snapshot.alerts),
    )


def _read_log(path: Path, text: str) -> list[LoggedAlert]:
    alerts = []
    for line in text.splitlines():
        raised, cleared = _RAISED.match(line), _CLEARED.match(line)
        match = raised or cleared
        if match is None:
            continue
        alerts.append(
            LoggedAlert(
                source=str(path),
                logged_at=match["at"],
                name=match["name"],
                percentile=float(match["p"]),
                value_s=float(match["value"]) / 1000,
                limit_s=float(match["limit"]) / 1000 if raised else None,
                active=raised is not None,
            )
        )
    return alerts


def read_paths(paths: Iterable[Path]) -> Collected:
    """Every export and logged alert in `paths` (files, or folders searched recursively)."""
    found = Collected()
    for path in _candidates(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            found.problems.append(f"{path}: cannot read: {error}")
            continue
        try:
            if LOG_NAME.match(path.name):
                found.alerts += _read_log(path, text)
            elif path.suffix.lower() == ".json":
                found.snapshots.append(_read_json(path, text))
            else:
                operations, counters = operations_from_csv(text)
                found.snapshots.append(ExportedSnapshot(str(path), tuple(operations), counters))
        except ExportFormatError as error:
            found.problems.append(f"{path}: not a metrics export ({error})")
    found.snapshots.sort(key=lambda s: (s.taken_at is None, s.taken_at or 0.0, s.source))
    found.alerts.sort(key=lambda a: (a.logged_at, a.source))
    return found


def combined_json(found: Collected) -> str:
    document = {
        "format": COMBINED_FORMAT,
        "snapshots": [
            {
                "source": s.source,
                "taken_at": s.taken_at,
                "operations": [dataclasses.asdict(op) for op in s.operations],
                "counters": s.counters,
                "memory": None if s.memory is None else dataclasses.asdict(s.memory),
                "alerts": list(s.alerts),
            }
            for s in found.snapshots
        ],
        "logged_alerts": [dataclasses.asdict(a) for a in found.alerts],
    }
    return json.dumps(document, indent=2, sort_keys=True, allow_nan=False)


COMBINED_CSV_COLUMNS = ["source", "taken_at", *CSV_COLUMNS]


def combined_csv(found: Collected) -> str:
    """One table: every snapshot's operation, counter and memory rows (as export.py writes
    them, prefixed by the file and its time), then one `alert` row per logged alert
    (value: the percentile's seconds; taken_at: the log line's time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COMBINED_CSV_COLUMNS)
    blank = [""] * (len(OPERATION_FIELDS) - 1)
    for s in found.snapshots:
        prefix = [s.source, csv_cell(s.taken_at)]
        for op in s.operations:
            cells = [csv_cell(getattr(op, f)) for f in OPERATION_FIELDS]
            writer.writerow([*prefix, "operation", *cells, ""])
        for name, count in sorted(s.counters.items()):
            writer.writerow([*prefix, "counter", name, *blank, str(count)])
        if s.memory is not None:
            for name in ("rss_bytes", "peak_rss_bytes"):
                value = csv_cell(getattr(s.memory, name))
                writer.writerow([*prefix, "memory", name, *blank, value])
    for a in found.alerts:
        kind = "alert-raised" if a.active else "alert-cleared"
        writer.writerow([a.source, a.logged_at, kind, a.name, *blank, csv_cell(a.value_s)])
    return out.getvalue()
