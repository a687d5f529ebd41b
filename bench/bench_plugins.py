"""What third-party plugins cost, measured in one run of a real Anki (offscreen):

* opening the designer (menu -> page ready -> first preview painted) and one bridge round
  trip from the page (`app.ready`, performance.now in the page) with no third-party
  plugin, next to the same with 20 plugins loaded. Each generated plugin implements a
  service, a bridge method, a lint and three event hooks (designer opened and closed,
  note type saved). Each round opens the designer once without and once with them, in
  alternating order (installed through the manager's `add_folder` as an install does,
  removed with `forget` as an uninstall does), so drift of a shared machine falls on
  both alike; the ratio of each round's pair is reported too. Target: <= 1.05x. On a
  shared machine an open varies by more than 5 % from one to the next, so the part of an
  open the plugins do add (collecting bridge methods, building the dispatcher, the
  opened and closed events) is also timed on its own, in-process.
* in-process: one event hook call through our plugin manager (`notify`, the path every
  feature uses) and through pluggy's own relay, next to calling the same function
  directly (ns per call).

Run: .venv/bin/python bench/bench_plugins.py   (make bench runs it)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# support puts the dev harness on the path and starts a throwaway Anki.
from support import finish, percentile, print_figures, spin_until, start_bench_anki

# isort: split
from bench_engine import per_call_ns

from anki_harness import pump

PLUGINS = 20
ROUNDS = 30
CALLS_PER_ROUND = 20
TARGET_RATIO = 1.05
NOTETYPE = "Vocabulary (demo)"
HOOK_CALLS = 20_000
PACKAGE = "atd_bench"

#: A plugin that does a little of everything a real one does.
PLUGIN_CODE = '''"""Bench plugin {id}: a service, a bridge method, a lint and event hooks."""

from atd_sdk import LintRule, Method, hookimpl, params


class Counter:
    def __init__(self):
        self.opened = 0
        self.closed = 0
        self.saved = 0
        self.applied = 0


@hookimpl
def atd_register_services(context):
    context.registry.register_factory("{id}.counter", lambda registry: Counter())


@hookimpl
def atd_bridge_methods(context):
    def hello(request):
        counter = context.registry.get("{id}.counter")
        return {{"hello": request.get("name", ""), "opened": counter.opened}}

    return [Method("{id}.hello", hello, params({{"name": {{"type": "string"}}}}))]


def no_font_tags(draft):
    return [
        {{"severity": "info", "code": "{id}.font", "message": "use CSS instead of <font>"}}
        for template in draft.get("tmpls", [])
        if "<font" in template.get("qfmt", "").lower()
    ]


@hookimpl
def atd_lints(context):
    return [LintRule("{id}.font", no_font_tags, "no <font> tags")]


@hookimpl
def atd_designer_opened(context, notetype_id):
    context.registry.get("{id}.counter").opened += 1


@hookimpl
def atd_designer_closed(context):
    context.registry.get("{id}.counter").closed += 1


@hookimpl
def atd_notetype_saved(context, notetype_id, notetype):
    context.registry.get("{id}.counter").saved += 1


@hookimpl
def atd_preset_applied(context, preset_id, notetype_id, draft):
    pass
'''


def plugin_id(number: int) -> str:
    return f"bench-plugin-{number:02d}"


def write_plugin(plugins_dir: Path, pid: str) -> Path:
    folder = plugins_dir / pid
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "id": pid,
        "name": pid.replace("-", " ").title(),
        "version": "1.0.0",
        "sdk": ">=0.1,<2",
        "permissions": [f"bridge:{pid}.hello"],
    }
    (folder / "plugin.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    (folder / "plugin.py").write_text(PLUGIN_CODE.format(id=pid), encoding="utf-8")
    return folder


def load_all(manager: Any, folders: list[Path]) -> None:
    for folder in folders:
        record = manager.add_folder(folder)
        assert record.state == "enabled", (record.id, record.errors)


def remove_all(manager: Any, ids: list[str]) -> None:
    for pid in ids:
        manager.forget(pid)
    assert not [r for r in manager.status() if r["id"] in ids]


def open_designer(addon: Any, notetype_id: int) -> tuple[Any, float]:
    start = time.perf_counter()
    dialog = addon.ADDON_RUNTIME.open_designer(notetype_id=notetype_id)
    spin_until(lambda: dialog.ready and dialog.preview.last_painted >= 1, 30)
    return dialog, (time.perf_counter() - start) * 1000


def close(dialog: Any) -> None:
    dialog.dirty = False
    dialog.closeWithCallback(lambda: None)
    pump(0.4)


def page_calls(dialog: Any, method: str, params_js: str, count: int) -> list[float]:
    """`count` sequential bridge calls from the page, each timed there (performance.now,
    ms); waited for with `spin_until` alone, one evaluation in flight at a time, like
    every other figure (a second way of waiting would skew the round trip)."""
    dialog.web.page().runJavaScript(
        "window.__bench = null; (async () => { const out = [];"
        f" for (let i = 0; i < {count}; i++) {{ const params = {params_js};"
        f" const t = performance.now(); await atd.bridge.call({json.dumps(method)}, params);"
        " out.push(performance.now() - t); } window.__bench = out; })(); 0"
    )
    box: dict[str, Any] = {}

    def probe() -> bool:
        if "value" not in box:
            box["value"] = ...  # an evaluation is in flight
            dialog.web.page().runJavaScript(
                "window.__bench", lambda value: box.__setitem__("value", value)
            )
        elif box["value"] is None:
            del box["value"]
        return isinstance(box.get("value"), list)

    spin_until(probe)
    return [float(v) for v in box["value"]]


def measure(addon: Any, notetype_id: int, plugin_method: str | None) -> dict[str, list[float]]:
    """One open, then bridge round trips in that window."""
    dialog, ms = open_designer(addon, notetype_id)
    pump(0.3)
    calls = page_calls(dialog, "app.ready", "({})", CALLS_PER_ROUND)
    plugin_calls = []
    if plugin_method is not None:
        plugin_calls = page_calls(dialog, plugin_method, "({name: 'x' + i})", CALLS_PER_ROUND)
    close(dialog)
    return {"open": [ms], "ready": calls, "plugin": plugin_calls}


def open_work_ms(manager: Any, dispatcher_class: Any) -> float:
    """What the plugins add to each open, without the page: collecting the bridge
    methods, building the window's dispatcher from them, the opened and closed events
    (ms, best of 5 runs of 20)."""

    def opens(n: int) -> None:
        for _ in range(n):
            dispatcher_class(manager.bridge_methods(), lambda _envelope: None)
            manager.notify("atd_designer_opened", notetype_id=None)
            manager.notify("atd_designer_closed")

    return per_call_ns(opens, 20) / 1e6


def hook_costs(plugins_module: Any, registry_module: Any, folder: Path) -> dict[str, float]:
    """ns per call: one plugin's event hook through `notify`, through pluggy's relay, and
    the same function called directly."""
    with tempfile.TemporaryDirectory() as data:
        manager = plugins_module.PluginManager(registry_module.Registry(), data_dir=Path(data))
        record = manager.add_folder(folder)
        assert record.state == "enabled", record.errors
        function = record.implementation.atd_preset_applied
        context = record.context
        relay = manager.hook.atd_preset_applied

        def through_manager(n: int) -> None:
            notify = manager.notify
            for _ in range(n):
                notify("atd_preset_applied", preset_id="p", notetype_id=1, draft=None)

        def through_pluggy(n: int) -> None:
            for _ in range(n):
                relay(context=context, preset_id="p", notetype_id=1, draft=None)

        def plain(n: int) -> None:
            for _ in range(n):
                function(context, "p", 1, None)

        costs = {
            "manager": per_call_ns(through_manager, HOOK_CALLS),
            "pluggy": per_call_ns(through_pluggy, HOOK_CALLS),
            "plain": per_call_ns(plain, HOOK_CALLS),
        }
        manager.forget(record.id)
        return costs


def main() -> int:
    mw, addon = start_bench_anki("atd-bench-plugins-")
    plugins_module = sys.modules[f"{PACKAGE}.services.plugins"]
    registry_module = sys.modules[f"{PACKAGE}.services.registry"]
    paths_module = sys.modules[f"{PACKAGE}.services.paths"]
    dispatcher_class = sys.modules[f"{PACKAGE}.gui.bridge"].Dispatcher
    registry = addon.ADDON_RUNTIME.registry
    manager = registry.get(plugins_module.PluginManager)
    plugins_dir = registry.get(paths_module.AddonPaths).user_files / "plugins"
    ids = [plugin_id(n) for n in range(PLUGINS)]
    folders = [write_plugin(plugins_dir, pid) for pid in ids]
    notetype_id = mw.col.models.by_name(NOTETYPE)["id"]
    pump(1.0)

    # Both conditions are checked to be what they say before anything is timed.
    load_all(manager, folders)
    dialog, _ms = open_designer(addon, notetype_id)
    methods = dialog.dispatcher.method_names
    assert all(f"{pid}.hello" in methods for pid in ids), "a plugin's bridge method is missing"
    lints = [rule for pid, rule in manager.collect("atd_lints") if pid in ids]
    assert len(lints) == PLUGINS, len(lints)
    close(dialog)
    counters = [manager.record(pid).context.registry.get(f"{pid}.counter") for pid in ids]
    assert all(c.opened == 1 and c.closed == 1 for c in counters), "an event hook did not run"
    remove_all(manager, ids)
    _dialog, _ms = open_designer(addon, notetype_id)  # warm-up without plugins
    close(_dialog)

    samples: dict[str, dict[str, list[float]]] = {
        "none": {"open": [], "ready": [], "plugin": [], "work": []},
        "loaded": {"open": [], "ready": [], "plugin": [], "work": []},
    }
    for round_number in range(ROUNDS):
        order = ("none", "loaded") if round_number % 2 == 0 else ("loaded", "none")
        for condition in order:
            if condition == "loaded":
                load_all(manager, folders)
                got = measure(addon, notetype_id, f"{ids[-1]}.hello")
                got["work"] = [open_work_ms(manager, dispatcher_class)]
                remove_all(manager, ids)
            else:
                got = measure(addon, notetype_id, None)
                got["work"] = [open_work_ms(manager, dispatcher_class)]
            for key, values in got.items():
                samples[condition][key].extend(values)

    hooks = hook_costs(plugins_module, registry_module, folders[0])

    open_none = statistics.median(samples["none"]["open"])
    open_loaded = statistics.median(samples["loaded"]["open"])
    ready_none = statistics.median(samples["none"]["ready"])
    ready_loaded = statistics.median(samples["loaded"]["ready"])
    plugin_call = statistics.median(samples["loaded"]["plugin"])
    work_none = statistics.median(samples["none"]["work"])
    work_loaded = statistics.median(samples["loaded"]["work"])
    work_share = (work_loaded - work_none) / open_none
    open_ratio, ready_ratio = open_loaded / open_none, ready_loaded / ready_none

    def verdict(ratio: float) -> str:
        return f"target <= {TARGET_RATIO:.2f}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'}"

    opens_each = ROUNDS
    pairs = [
        loaded / none
        for none, loaded in zip(samples["none"]["open"], samples["loaded"]["open"], strict=True)
    ]
    pair_ratio = statistics.median(pairs)
    calls_each = ROUNDS * CALLS_PER_ROUND
    rows = [
        (
            f"open designer, 0 plugins (median of {opens_each})",
            f"{open_none:8.1f} ms",
            f"p95 {percentile(samples['none']['open'], 0.95):.1f} ms",
        ),
        (
            f"open designer, {PLUGINS} plugins (median of {opens_each})",
            f"{open_loaded:8.1f} ms",
            f"p95 {percentile(samples['loaded']['open'], 0.95):.1f} ms",
        ),
        ("  open ratio (of the medians)", f"{open_ratio:8.3f} x", verdict(open_ratio)),
        (
            "  open ratio (median of the round pairs)",
            f"{pair_ratio:8.3f} x",
            "each round opens once with and once without, so drift cancels",
        ),
        (
            f"bridge round trip app.ready, 0 plugins (median of {calls_each})",
            f"{ready_none:8.2f} ms",
            f"p95 {percentile(samples['none']['ready'], 0.95):.2f} ms",
        ),
        (
            f"bridge round trip app.ready, {PLUGINS} plugins (median of {calls_each})",
            f"{ready_loaded:8.2f} ms",
            f"p95 {percentile(samples['loaded']['ready'], 0.95):.2f} ms",
        ),
        ("  round trip ratio", f"{ready_ratio:8.3f} x", verdict(ready_ratio)),
        (
            "plugin work in one open, 0 / 20 plugins",
            f"{work_none:8.2f} / {work_loaded:.2f} ms",
            f"methods + dispatcher + opened/closed events: +{work_share * 100:.2f}% of an open",
        ),
        (
            "a plugin's own bridge method round trip",
            f"{plugin_call:8.2f} ms",
            f"{ids[-1]}.hello, through the permission guard",
        ),
        (
            "event hook through our manager (notify)",
            f"{hooks['manager']:8.0f} ns",
            f"{hooks['manager'] / hooks['plain']:.0f}x a plain call; one plugin implements it",
        ),
        (
            "event hook through pluggy's relay",
            f"{hooks['pluggy']:8.0f} ns",
            f"{hooks['pluggy'] / hooks['plain']:.0f}x a plain call",
        ),
        ("plain function call (baseline)", f"{hooks['plain']:8.0f} ns", ""),
    ]
    figures = {
        "plugins": PLUGINS,
        "rounds": ROUNDS,
        "open_ms": {
            "none": {"median": open_none, "samples": samples["none"]["open"]},
            "loaded": {"median": open_loaded, "samples": samples["loaded"]["open"]},
            "ratio": open_ratio,
            "pair_ratio_median": pair_ratio,
        },
        "app_ready_round_trip_ms": {
            "none": {"median": ready_none, "p95": percentile(samples["none"]["ready"], 0.95)},
            "loaded": {
                "median": ready_loaded,
                "p95": percentile(samples["loaded"]["ready"], 0.95),
            },
            "ratio": ready_ratio,
        },
        "plugin_method_round_trip_ms": plugin_call,
        "open_plugin_work_ms": {
            "none": work_none,
            "loaded": work_loaded,
            "share_of_open": work_share,
        },
        "hook_call_ns": hooks,
        "target_ratio": TARGET_RATIO,
        "dispatcher_methods_loaded": len(methods),
    }
    print_figures(
        f"Plugin benchmarks (0 vs {PLUGINS} third-party plugins, {ROUNDS} alternating rounds, "
        f"note type '{NOTETYPE}')",
        rows,
        figures,
    )
    finish(mw, 0)
    return 0


if __name__ == "__main__":
    main()
