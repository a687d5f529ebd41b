"""What the real-Anki benchmarks share: a throwaway Anki with the staged add-on, waiting
while pumping Qt events, nearest-rank percentiles and the figure table.

Not a benchmark itself (`make bench` runs bench/bench_*.py only).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for helper in (ROOT / "scripts", ROOT / "tests" / "anki"):  # the dev harness, page drivers
    if str(helper) not in sys.path:
        sys.path.insert(0, str(helper))

from anki_harness import (  # noqa: E402
    create_demo_collection,
    install_addon_dir,
    prepare_environment,
    process_events,
    pump,
    seed_base,
    start_anki,
)

ADDON_FOLDER = "atd_bench"


def start_bench_anki(prefix: str) -> tuple[Any, Any]:
    """A real Anki (offscreen) on a demo collection with the add-on staged from the
    checkout; returns the main window and the add-on module as Anki imported it."""
    prepare_environment(headless=True)
    base = Path(tempfile.mkdtemp(prefix=prefix))
    create_demo_collection(seed_base(base))
    from package import stage

    with tempfile.TemporaryDirectory() as tmp:
        install_addon_dir(stage(Path(tmp) / "addon"), base, ADDON_FOLDER)
    start_anki(base)
    import aqt

    return aqt.mw, sys.modules[ADDON_FOLDER]


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def spin_until(predicate: Callable[[], Any], timeout: float = 30.0, step: float = 0.0) -> None:
    """Process Qt events until `predicate()` is true: without sleeping (step 0) for
    millisecond timings, or pumping `step` seconds at a time to leave the page CPU."""
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step did not finish")
        if step:
            pump(step)
        else:
            process_events()


def print_figures(title: str, rows: list[tuple[str, str, str]]) -> None:
    print(f"\n{title}")
    print("  offscreen Qt, software GL, 2 cores")
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name.ljust(width)}  {value}   {note}")


def card_types_opens(
    mw: Any, note: Any, opens: int, shows: Callable[[str], bool], step: float = 0.0
) -> list[float]:
    """Anki's own baseline: milliseconds from constructing the Card Types screen on `note`
    until its preview shows the card (`shows(html)` is true), `opens` times. Pass the
    `step` the bench waits for its own figure with: a tight loop takes a core from the
    web engine on a 2-core machine, so both sides must poll alike."""
    from aqt.clayout import CardLayout

    times = []
    for _ in range(opens):
        start = time.perf_counter()
        clayout = CardLayout(mw, note, ord=0, parent=mw)
        box: dict[str, str] = {}

        def probe(clayout: Any = clayout, box: dict[str, str] = box) -> bool:
            if "html" not in box:  # one evaluation in flight at a time
                clayout.preview_web.evalWithCallback(
                    "(document.getElementById('qa')||{}).innerHTML||''",
                    lambda value, box=box: box.__setitem__("html", str(value or "")),
                )
            elif not shows(box["html"]):
                del box["html"]
            return "html" in box and shows(box["html"])

        spin_until(probe, 30, step)
        times.append((time.perf_counter() - start) * 1000)
        clayout.reject()
        pump(0.5)
    return times
