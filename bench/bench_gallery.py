"""Benchmarks of the Presets panel inside a real Anki (offscreen), with a baseline measured
in the same run:

* opening the gallery (click → every entry drawn with its live thumbnail), cold (first
  open: every thumbnail rendered by Anki) and warm (thumbnails from the cache), on a
  gallery of the 12 built-in presets plus 40 user presets; target warm < 300 ms;
* baseline: one preview render round trip through the same bridge (preview.render);
* preset operations through the bridge, as the page calls them: list, thumbnails (warm),
  mapping, apply, create, rename, delete.

Run: .venv/bin/python bench/bench_gallery.py   (make bench runs it)
"""

from __future__ import annotations

import json
import statistics
import sys
import time

# support puts the dev harness on the path and starts a throwaway Anki.
from support import finish, percentile, print_figures, spin_until, start_bench_anki

# isort: split
from anki_harness import eval_js, pump

USER_PRESETS = 40
WARM_OPENS = 10
CALLS = 20
TARGET_MS = 300.0


def js(dialog, script: str):
    return eval_js(dialog.web, script)


def gallery_ready(dialog, expected: int) -> bool:
    return bool(
        js(
            dialog,
            "document.getElementById('presets-dialog').dataset.state === 'ready' &&"
            " [...document.querySelectorAll('#presets-dialog .preset-thumb')]"
            f".filter(t => t.shadowRoot || t.textContent).length >= {expected}",
        )
    )


def open_gallery(dialog, expected: int) -> float:
    """Wall time from the click to every entry with its thumbnail (ms), and the page's own."""
    js(dialog, "document.getElementById('presets-dialog').dataset.state = ''; 0")
    start = time.perf_counter()
    js(dialog, "document.getElementById('presets-open').click(); 0")
    spin_until(lambda: gallery_ready(dialog, expected))
    wall = (time.perf_counter() - start) * 1000
    js(dialog, "atd.app.presets.gallery.close(); 0")
    pump(0.05)
    return wall


def page_calls(dialog, method: str, params_js: str, count: int) -> list[float]:
    """Time `count` sequential bridge calls from the page (performance.now, ms)."""
    js(
        dialog,
        "window.__bench = null; (async () => { const out = [];"
        f" for (let i = 0; i < {count}; i++) {{ const params = {params_js};"
        f" const t = performance.now(); await atd.bridge.call({json.dumps(method)}, params);"
        " out.push(performance.now() - t); } window.__bench = out; })(); 0",
    )
    spin_until(lambda: js(dialog, "window.__bench !== null"))
    return list(js(dialog, "window.__bench"))


def main() -> int:
    mw, addon = start_bench_anki("atd-bench-gallery-")
    import aqt

    presets_module = sys.modules["atd_bench.services.presets"]
    create = sys.modules["atd_bench.services.presets.create"]
    notetype = mw.col.models.by_name("Basic")
    pump(1.0)

    dialog = addon.ADDON_RUNTIME.open_designer(notetype_id=notetype["id"])
    spin_until(lambda: dialog.ready and js(dialog, "document.body.dataset.state") == "ready")
    spin_until(lambda: js(dialog, "!!atd.app.session"))
    js(dialog, "document.getElementById('tour') && atd.app.presets.tour.end('skipped'); 0")
    service = dialog.registry.get(presets_module.PresetService)
    for index in range(USER_PRESETS):
        if index % 2:
            service.create(create.design_from_notetype(f"Design {index}", notetype))
        else:
            service.create(
                create.theme_from_vars(
                    f"Theme {index}", {"--atd-fg": "#111111", "--atd-bg": f"#ffff{index:02d}"}, {}
                )
            )
    total = len(service.list_presets().presets)
    pump(0.5)

    cold = open_gallery(dialog, total)
    warm = [open_gallery(dialog, total) for _ in range(WARM_OPENS)]
    page_warm = js(dialog, "atd.app.presets.gallery.lastOpenMs")

    draft = "atd.app.session.draft"
    options = (
        "{cardOrd: 0, side: 'question', night: false, mobile: false, device: 'desktop',"
        " noteId: null, fillEmpty: false}"
    )
    # the baseline: a different draft each call, so Anki renders every time (no cache)
    preview = page_calls(
        dialog,
        "preview.render",
        f"{{draft: {{...{draft}, css: {draft}.css + '/*' + i + Math.random() + '*/'}}, options: {options}}}",
        CALLS,
    )
    ops = {
        "presets.list": page_calls(dialog, "presets.list", "({})", CALLS),
        "presets.thumbnails (all, warm)": page_calls(
            dialog, "presets.thumbnails", f"({{draft: {draft}, night: false}})", CALLS
        ),
        "presets.mapping": page_calls(
            dialog, "presets.mapping", f"({{id: 'builtin-vocabulary', draft: {draft}}})", CALLS
        ),
        "presets.apply (design)": page_calls(
            dialog, "presets.apply", f"({{id: 'builtin-basic', draft: {draft}}})", CALLS
        ),
        "presets.apply (theme)": page_calls(
            dialog, "presets.apply", f"({{id: 'builtin-theme-sepia', draft: {draft}}})", CALLS
        ),
        "presets.create (design)": page_calls(
            dialog,
            "presets.create",
            f"({{kind: 'design', name: 'Bench ' + i + ' ' + Math.random(), source: {{draft: {draft}}}}})",
            CALLS,
        ),
    }
    user = [s for s in service.list_presets().presets if s.preset.name.startswith("Bench ")]
    renames = []
    deletes = []
    for index, stored in enumerate(user):
        start = time.perf_counter()
        renamed = service.rename(stored.preset.id, stored.etag, f"Renamed bench {index}")
        renames.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        service.delete(renamed.preset.id, renamed.etag)
        deletes.append((time.perf_counter() - start) * 1000)
    ops["rename (service)"] = renames
    ops["delete (service)"] = deletes

    dialog.closeWithCallback(lambda: None)
    pump(0.3)

    warm_p50 = statistics.median(warm)
    preview_p50 = statistics.median(preview)
    rows = [
        ("gallery open, cold (every thumbnail rendered)", f"{cold:7.1f} ms", ""),
        (
            f"gallery open, warm p50 / p95 ({WARM_OPENS} opens)",
            f"{warm_p50:7.1f} / {percentile(warm, 0.95):.1f} ms",
            f"target < {TARGET_MS:.0f} ms: {'met' if percentile(warm, 0.95) < TARGET_MS else 'NOT met'};"
            f" page's own timer {page_warm:.1f} ms",
        ),
        (
            "baseline: one preview render round trip p50",
            f"{preview_p50:7.1f} ms",
            f"warm gallery = {warm_p50 / preview_p50:.1f} x one preview render",
        ),
    ]
    for name, samples in ops.items():
        rows.append(
            (
                f"{name} p50 / p95",
                f"{statistics.median(samples):7.1f} / {percentile(samples, 0.95):.1f} ms",
                "target p95 < 100 ms: " + ("met" if percentile(samples, 0.95) < 100 else "NOT met"),
            )
        )
    figures = {
        "gallery_open_ms": {
            "cold": cold,
            "warm_p50": warm_p50,
            "warm_p95": percentile(warm, 0.95),
            "page_timer_warm": page_warm,
            "target": TARGET_MS,
        },
        "preview_render_round_trip_p50_ms": preview_p50,
        "warm_open_ratio_to_preview_render": warm_p50 / preview_p50,
        "operations_ms": {
            name: {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}
            for name, samples in ops.items()
        },
    }
    print_figures(
        f"Gallery benchmarks ({total} presets: 12 built in + {USER_PRESETS} user, note type "
        "Basic; page-side timings include the bridge)",
        rows,
        figures,
    )
    finish(aqt.mw, 0)
    return 0


if __name__ == "__main__":
    main()
