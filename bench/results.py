"""Every bench's figures as JSON, for trends: bench-results/<name>.json (gitignored).

One file per bench, rewritten on each run, with the table as printed (each row's text and
the numbers read from it) and, where the bench gives them, its raw figures (milliseconds,
ratios, baselines) by name. No Anki or Qt here: the engine and preset benches use it too.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench-results"
FORMAT = "atd-bench/1"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", re.I)
_UNIT = re.compile(r"\d\s*([A-Za-zµ%]+)")


def bench_name(script: str | None = None) -> str:
    """`bench/bench_canvas.py` -> `canvas`."""
    stem = Path(script or sys.argv[0]).stem
    return stem.removeprefix("bench_")


def parse_row(name: str, text: str, note: str = "") -> dict[str, Any]:
    """A printed row as data: the numbers of its value text, and the unit after them."""
    unit = _UNIT.search(text)
    return {
        "name": name,
        "text": text.strip(),
        "values": [float(n) for n in _NUMBER.findall(text)],
        "unit": unit.group(1) if unit else "",
        "note": note.strip(),
    }


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write_results(
    title: str,
    rows: list[dict[str, Any]],
    figures: dict[str, Any] | None = None,
    *,
    name: str | None = None,
    folder: Path | None = None,
) -> Path:
    """Write bench-results/<name>.json and return its path."""
    target = folder or Path(os.environ.get("ATD_BENCH_RESULTS", RESULTS_DIR))
    target.mkdir(parents=True, exist_ok=True)
    bench = name or bench_name()
    document = {
        "format": FORMAT,
        "bench": bench,
        "title": title,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "platform": sys.platform,
            "cpus": os.cpu_count(),
        },
        "rows": _finite(rows),
        "figures": _finite(figures or {}),
    }
    path = target / f"{bench}.json"
    path.write_text(json.dumps(document, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path
