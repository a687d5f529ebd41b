"""Benchmarks of the designer inside a real Anki (offscreen), against Anki's own numbers
measured in the same run:

* edit -> preview repainted: a change typed in the designer page until the preview view
  has painted it (bridge, Anki's renderer, reviewer post-processing, QtWebEngine paint),
  p50/p95 over 200 edits of a typical template, next to the Card Types screen's 200 ms
  refresh delay and to Anki's bare `render_output()`;
* opening the designer (menu -> page ready -> first preview painted) vs opening Anki's
  Card Types screen (constructor -> its preview shows the card), same note type;
* memory (RSS of Anki and its QtWebEngine processes) added by an open designer.

Run: .venv/bin/python bench/bench_designer.py   (make bench runs it)
"""

from __future__ import annotations

import statistics
import sys
import time

# support puts the dev harness on the path and starts a throwaway Anki.
from support import (
    WARM_PAUSE_S,
    card_types_opens,
    finish,
    percentile,
    print_figures,
    spin_until,
    start_bench_anki,
)

# isort: split
from anki_harness import eval_js, pump
from process_memory import tree_pss_mib, tree_rss_mib

EDITS = 200
WARMUP = 10
OPENS = 5
NOTETYPE = "Vocabulary (demo)"
CARD_TYPES_REFRESH_MS = 200.0


def open_designer(addon, notetype_id: int):
    dialog = addon.ADDON_RUNTIME.open_designer(notetype_id=notetype_id)
    spin_until(lambda: dialog.ready and dialog.preview.last_painted >= 1, 30)
    return dialog


def main() -> int:
    mw, addon = start_bench_anki("atd-bench-")

    col = mw.col
    notetype = col.models.by_name(NOTETYPE)
    note = col.get_note(col.find_notes(f"mid:{notetype['id']}")[0])
    pump(1.0)

    # The warm page (gui/warm_page.py) is loaded while the designer is closed: its memory
    # is measured on its own, and "added by an open designer" starts from that state.
    warm = addon.ADDON_RUNTIME.warm_page
    warm.enabled = False
    warm.close()
    pump(1.0)
    pss_cold = tree_pss_mib()
    warm.enabled = True
    warm.prepare_later(0)
    spin_until(lambda: warm.ready and not warm._view.page().isLoading())
    pump(2.0)
    rss_before, pss_before = tree_rss_mib(), tree_pss_mib()
    opens = []
    for _ in range(OPENS):
        pump(WARM_PAUSE_S)  # the time a user takes to come back: the page warms again
        start = time.perf_counter()
        dialog = open_designer(addon, notetype["id"])
        opens.append((time.perf_counter() - start) * 1000)
        pump(0.3)
        rss_open, pss_open = tree_rss_mib(), tree_pss_mib()
        dialog.closeWithCallback(lambda: None)
        pump(0.5)

    clayout_opens = card_types_opens(mw, note, OPENS, bool)

    dialog = open_designer(addon, notetype["id"])
    base_text = eval_js(dialog.web, "document.getElementById('code').value")
    latencies = []
    for index in range(WARMUP + EDITS):
        painted_before = dialog.preview.last_painted
        text = base_text + f"<span class=n>{index}</span>"
        script = (
            "(() => { const c = document.getElementById('code'); c.value = "
            f"{text!r}; c.dispatchEvent(new Event('input')); }})()"
        )
        start = time.perf_counter()
        dialog.web.page().runJavaScript(script)
        spin_until(lambda before=painted_before: dialog.preview.last_painted > before)
        if index >= WARMUP:
            latencies.append((time.perf_counter() - start) * 1000)
    check = eval_js(dialog.preview, "document.querySelector('.n')?.textContent")
    assert check == str(WARMUP + EDITS - 1), f"the preview shows {check!r}"

    renders = []
    for _ in range(2000):
        start = time.perf_counter()
        card = note.ephemeral_card(
            0, custom_note_type=notetype, custom_template=notetype["tmpls"][0]
        )
        card.render_output()
        renders.append((time.perf_counter() - start) * 1000)
    registry = addon.ADDON_RUNTIME.registry
    metrics_module = sys.modules["atd_bench.services.metrics"]
    snapshot = registry.get(metrics_module.Metrics).snapshot(sample_memory=False)
    bridge_ops = [op for op in snapshot.operations if op.name.startswith("bridge.") and op.count]
    slowest = max(bridge_ops, key=lambda op: op.p95_s or 0.0)
    service_module = sys.modules["atd_bench.services.preview.service"]
    preview_module = sys.modules["atd_bench.services.preview"]
    service = registry.get(service_module.PreviewService)
    options = preview_module.PreviewOptions(side="answer")
    cached, uncached = [], []
    service.render(notetype, options)
    for _ in range(2000):
        start = time.perf_counter()
        service.render(notetype, options)
        cached.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        service.renderer.render(notetype, options)
        uncached.append((time.perf_counter() - start) * 1000)
    dialog.closeWithCallback(lambda: None)
    pump(0.3)

    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    render_ms = statistics.median(renders)
    open_ms, clayout_ms = statistics.median(opens), statistics.median(clayout_opens)
    delay = CARD_TYPES_REFRESH_MS
    rows = [
        (
            "edit -> preview repainted p50",
            f"{p50:8.1f} ms",
            f"{delay / p50:6.1f}x faster than the Card Types screen's 200 ms refresh delay",
        ),
        (
            "edit -> preview repainted p95",
            f"{p95:8.1f} ms",
            f"{delay / p95:6.1f}x faster than the 200 ms delay (target p95 <= 50 ms)",
        ),
        (
            "Anki render_output() alone (median)",
            f"{render_ms:8.3f} ms",
            f"{render_ms / p50 * 100:6.1f}% of the edit->paint p50",
        ),
        (
            "preview render, cached (median)",
            f"{statistics.median(cached):8.3f} ms",
            f"{statistics.median(cached) / render_ms:6.2f}x Anki's render_output()",
        ),
        (
            "preview render, uncached (median)",
            f"{statistics.median(uncached):8.3f} ms",
            f"{statistics.median(uncached) / render_ms:6.2f}x Anki's render_output() "
            "(+ note lookup, reviewer post-processing)",
        ),
        (
            "open designer -> first preview (median)",
            f"{open_ms:8.1f} ms",
            f"{open_ms / clayout_ms:6.2f}x the Card Types screen's open ({clayout_ms:.1f} ms)",
        ),
    ]
    rows.append(
        (
            "slowest bridge handler on Anki's main thread",
            f"{(slowest.p95_s or 0) * 1000:8.2f} ms",
            f"p95 of {slowest.name} ({slowest.count} calls); a frame is 16 ms",
        )
    )
    if rss_before is not None and pss_before is not None:
        rows.append(
            (
                "memory added by an open designer (PSS)",
                f"{pss_open - pss_before:8.1f} MiB",
                "Anki + its QtWebEngine processes (target < 100 MB)",
            )
        )
        rows.append(
            (
                "  the same as summed RSS",
                f"{rss_open - rss_before:8.1f} MiB",
                "counts shared libraries once per process",
            )
        )
        if pss_cold is not None:
            rows.append(
                (
                    "memory of the warm page, designer closed (PSS)",
                    f"{pss_before - pss_cold:8.1f} MiB",
                    "held while the designer is closed; warm_start: false frees it",
                )
            )
    figures = {
        "edit_to_paint_ms": {"p50": p50, "p95": p95, "samples": len(latencies)},
        "card_types_refresh_delay_ms": delay,
        "render_output_median_ms": render_ms,
        "preview_render_median_ms": {
            "cached": statistics.median(cached),
            "uncached": statistics.median(uncached),
        },
        "open_ms": {"median": open_ms, "samples": opens},
        "card_types_open_ms": {"median": clayout_ms, "samples": clayout_opens},
        "open_ratio_to_card_types": open_ms / clayout_ms,
        "slowest_bridge_p95_ms": {"method": slowest.name, "p95": (slowest.p95_s or 0) * 1000},
    }
    if rss_before is not None and pss_before is not None:
        figures["memory_added_mib"] = {"pss": pss_open - pss_before, "rss": rss_open - rss_before}
        if pss_cold is not None:
            figures["warm_page_mib"] = {"pss": pss_before - pss_cold}
    print_figures(
        f"Designer benchmarks ({EDITS} edits of '{NOTETYPE}', {OPENS} opens)", rows, figures
    )
    finish(mw, 0)
    return 0


if __name__ == "__main__":
    main()
