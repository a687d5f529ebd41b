"""What the real-Anki benchmarks share: a throwaway Anki with the staged add-on, waiting
while pumping Qt events, nearest-rank percentiles, the figure table (printed and written
as JSON, see results.py) and ending the process.

**One way to wait.** Every figure and every baseline it is compared with is waited for by
`spin_until`, which polls every `POLL_S` seconds and sleeps in between. A tight loop takes
a core from the web engine on a 2-core machine: measured that way, Anki's Card Types
screen opened in 2.5 s in one bench and 0.5-0.7 s in another in the same session. With
one poll, no ratio is an artifact of how it was polled.

Not a benchmark itself (`make bench` runs bench/bench_*.py only).
"""

from __future__ import annotations

import os
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

from results import parse_row, write_results  # noqa: E402

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
#: Seconds between two polls of what a bench waits for (see the module docstring). Small
#: next to every figure measured (the fastest, an edit's repaint, is ~10 ms).
POLL_S = 0.002
#: Before each designer open (after the previous one closed), as a user takes a moment:
#: the warm page (gui/warm_page.py) is loaded again by then.
WARM_PAUSE_S = 2.0


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


def spin_until(predicate: Callable[[], Any], timeout: float = 30.0) -> None:
    """Process Qt events until `predicate()` is true, checking every `POLL_S` seconds.
    Every bench waits with this, for its figures and for their baselines alike."""
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step did not finish")
        process_events()
        time.sleep(POLL_S)


def print_figures(
    title: str, rows: list[tuple[str, str, str]], figures: dict[str, Any] | None = None
) -> None:
    """Print the table and write it (and the raw `figures`, if given) as JSON."""
    print(f"\n{title}")
    print("  offscreen Qt, software GL, 2 cores")
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name.ljust(width)}  {value}   {note}")
    path = write_results(
        title,
        [parse_row(name, value, note) for name, value, note in rows],
        {"poll_s": POLL_S, **(figures or {})},
    )
    print(f"  figures written to {path.relative_to(ROOT)}")


def finish(mw: Any, code: int) -> None:
    """End a real-Anki bench after its report, with its exit status.

    Why not a plain `sys.exit`: Anki installs its error handler (aqt.errors.ErrorHandler)
    as `sys.stderr`, and it forwards what is written to a Qt object. At interpreter exit
    that object is gone, so whatever an atexit callback writes raises, and so does the
    hook reporting it ("Exception ignored in atexit callback", then exit status 120/1
    after a finished report). So: close the profile as Anki does, give `sys.stderr` back,
    and end the process without the interpreter's teardown of Anki's Qt objects, as the
    Anki test tier does (tests/conftest.py)."""
    if mw.col is not None:
        mw.unloadProfile(lambda: None)
    pump(0.5)
    sys.stderr = sys.__stderr__
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def card_types_switches(
    mw: Any, note: Any, indices: list[int], shows: Callable[[int, str], bool], pause: float
) -> list[float]:
    """Anki's own baseline for a card type switch: in one Card Types screen on `note`,
    milliseconds from choosing card type `index` in its box until its preview shows it
    (`shows(index, html)`), `pause` seconds after the last; waited for with `spin_until`."""
    from aqt.clayout import CardLayout

    clayout = CardLayout(mw, note, ord=0, parent=mw)
    pump(1.0)
    times = []
    for index in indices:
        pump(pause)
        box: dict[str, str] = {}

        def probe(index: int = index, box: dict[str, str] = box) -> bool:
            if "html" not in box:
                clayout.preview_web.evalWithCallback(
                    "(document.getElementById('qa')||{}).innerHTML||''",
                    lambda value, box=box: box.__setitem__("html", str(value or "")),
                )
            elif not shows(index, box["html"]):
                del box["html"]
            return "html" in box and shows(index, box["html"])

        start = time.perf_counter()
        clayout.topAreaForm.templatesBox.setCurrentIndex(index)
        spin_until(probe, 30)
        times.append((time.perf_counter() - start) * 1000)
    clayout.reject()
    pump(0.5)
    return times


def card_types_opens(mw: Any, note: Any, opens: int, shows: Callable[[str], bool]) -> list[float]:
    """Anki's own baseline: milliseconds from constructing the Card Types screen on `note`
    until its preview shows the card (`shows(html)` is true), `opens` times; waited for
    with `spin_until`, like every figure it is compared with."""
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

        spin_until(probe, 30)
        times.append((time.perf_counter() - start) * 1000)
        clayout.reject()
        pump(0.5)
    return times
