"""Bridge methods behind the page's JS plugin host (web/src/jsPlugins/).

* `jsPlugins.blocks`: every block (`atd_canvas_blocks`) and side-bar panel (`atd_panels`)
  the enabled third-party plugins declare, grouped by plugin and module, with the
  permissions the page gates worker messages by. One that is not well formed is left out
  and named in that plugin's `errors`.
* `jsPlugins.module`: the text of one declared module (services/plugins/js_modules.py:
  confined to the plugin's folder, `.js` only, size-capped).
* `jsPlugins.clean`: block content from a worker is untrusted: scripts, `on*` handlers,
  `javascript:` and remote URLs, embedded documents and CSS imports are removed with the
  same scanner that cleans imported presets; the reply says what was removed.
* `jsPlugins.report`: the page reports a worker it terminated or refused; the reason is
  kept with the plugin (the Plugins panel lists it) and logged as a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.errors import DesignerError
from ...services.plugins import ENABLED, PluginManager, PluginRecord
from ...services.plugins.js_modules import (
    DeclaredBlock,
    DeclaredPanel,
    block_json,
    block_problem,
    panel_problem,
    read_module,
)
from ...services.presets.untrusted import scan_template, strip_template
from ...services.registry import Registry

PLUGIN_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{1,63}$"}
MODULE = {"type": "string", "minLength": 4, "maxLength": 300}
#: Largest block content a worker may hand over (a block is a small piece of template).
MAX_CONTENT_CHARS = 64 * 1024
MAX_REASON_CHARS = 500
#: Cleaning passes before a content that keeps producing findings is refused.
CLEAN_PASSES = 3


def declared(
    manager: PluginManager,
    log: logging.Logger,
    hook: str,
    problem_of: Callable[[Any], str | None],
) -> tuple[list[tuple[str, Any]], dict[str, list[str]]]:
    """Every well-formed item of `hook` from an enabled third-party plugin (with its
    plugin id), and each plugin's problems (a malformed item, a built-in, an id twice)."""
    items: list[tuple[str, Any]] = []
    problems: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    what = "panel" if hook == "atd_panels" else "block"
    for plugin_id, item in manager.collect(hook):
        record = manager.record(plugin_id)
        problem = problem_of(item)
        if problem is None and record.builtin:
            problem = "built-in features have no plugin folder for JS modules"
        if problem is None and (plugin_id, item.id) in seen:
            problem = f"{what} id {item.id!r} is declared twice"
        if problem is not None:
            log.warning("plugin %s: %s", plugin_id, problem)
            problems.setdefault(plugin_id, []).append(problem)
            continue
        seen.add((plugin_id, item.id))
        items.append((plugin_id, item))
    return items, problems


def declared_blocks(
    manager: PluginManager, log: logging.Logger
) -> tuple[list[DeclaredBlock], dict[str, list[str]]]:
    """Every well-formed block of an enabled third-party plugin, and each plugin's problems."""
    items, problems = declared(manager, log, "atd_canvas_blocks", block_problem)
    return [DeclaredBlock(p, b) for p, b in items], problems


def declared_panels(
    manager: PluginManager, log: logging.Logger
) -> tuple[list[DeclaredPanel], dict[str, list[str]]]:
    """Every well-formed panel of an enabled third-party plugin, and each plugin's problems."""
    items, problems = declared(manager, log, "atd_panels", panel_problem)
    return [DeclaredPanel(p, panel) for p, panel in items], problems


def declared_modules(manager: PluginManager, log: logging.Logger) -> set[tuple[str, str]]:
    """(plugin id, module path) of every module a block or a panel declares."""
    blocks, _ = declared_blocks(manager, log)
    panels, _ = declared_panels(manager, log)
    return {(b.plugin_id, b.block.module) for b in blocks} | {
        (p.plugin_id, p.panel.module) for p in panels
    }


def clean_content(content: str) -> dict[str, Any]:
    """`content` without anything that could run or reach the network, and what went."""
    removed: list[dict[str, Any]] = []
    text = content
    for _ in range(CLEAN_PASSES):
        findings = scan_template(text, "block")
        if not findings:
            return {"text": text, "removed": removed}
        removed += [{"kind": f.kind, "message": f.message, "excerpt": f.excerpt} for f in findings]
        text = strip_template(text)
    raise DesignerError("the block's content could not be cleaned; it is not offered")


def js_plugin_methods(registry: Registry, log: logging.Logger) -> list[Method]:
    manager = registry.get(PluginManager)

    def enabled(plugin_id: str) -> PluginRecord:
        record = manager.record(plugin_id)
        if record.state != ENABLED or record.builtin:
            raise DesignerError(f"plugin {plugin_id} is not an enabled third-party plugin")
        return record

    def listing(_params: dict[str, Any]) -> dict[str, Any]:
        blocks, block_problems = declared_blocks(manager, log)
        panels, panel_problems = declared_panels(manager, log)
        problems = {
            plugin_id: block_problems.get(plugin_id, []) + panel_problems.get(plugin_id, [])
            for plugin_id in set(block_problems) | set(panel_problems)
        }
        plugin_ids = {b.plugin_id for b in blocks} | {p.plugin_id for p in panels} | set(problems)
        plugins: dict[str, dict[str, Any]] = {}
        for plugin_id in sorted(plugin_ids):
            record = manager.record(plugin_id)
            manifest = record.manifest
            plugins[plugin_id] = {
                "id": plugin_id,
                "name": manifest.name if manifest else plugin_id,
                "permissions": sorted(manifest.permissions) if manifest else [],
                "modules": {},
                "errors": problems.get(plugin_id, []),
            }

        def module_of(plugin_id: str, path: str) -> dict[str, list[dict[str, Any]]]:
            modules: dict[str, dict[str, list[dict[str, Any]]]] = plugins[plugin_id]["modules"]
            return modules.setdefault(path, {"blocks": [], "panels": []})

        for item in blocks:
            module_of(item.plugin_id, item.block.module)["blocks"].append(block_json(item.block))
        for panel in panels:
            module_of(panel.plugin_id, panel.panel.module)["panels"].append(panel.panel.to_json())
        return {
            "plugins": [
                {**p, "modules": [{"path": k, **v} for k, v in p["modules"].items()]}
                for p in plugins.values()
            ]
        }

    def module(params: dict[str, Any]) -> dict[str, Any]:
        plugin_id, path = params["plugin"], params["path"]
        record = enabled(plugin_id)
        if (plugin_id, path) not in declared_modules(manager, log):
            raise DesignerError(f"plugin {plugin_id} declares no module {path!r}")
        return {"text": read_module(Path(record.location), path, plugin_id)}

    def clean(params: dict[str, Any]) -> dict[str, Any]:
        enabled(params["plugin"])
        return clean_content(params["content"])

    def report(params: dict[str, Any]) -> None:
        record = manager.record(params["plugin"])
        if record.builtin:
            raise DesignerError(f"{record.id} is part of the designer and has no JS workers")
        reason = f"JS worker: {params['reason']}"
        log.warning("plugin %s: %s", record.id, reason)
        if reason not in record.errors:
            record.errors.append(reason)

    return [
        Method("jsPlugins.blocks", listing, params({})),
        Method(
            "jsPlugins.module",
            module,
            params({"plugin": PLUGIN_ID, "path": MODULE}, ["plugin", "path"]),
        ),
        Method(
            "jsPlugins.clean",
            clean,
            params(
                {
                    "plugin": PLUGIN_ID,
                    "content": {"type": "string", "maxLength": MAX_CONTENT_CHARS},
                },
                ["plugin", "content"],
            ),
        ),
        Method(
            "jsPlugins.report",
            report,
            params(
                {"plugin": PLUGIN_ID, "reason": {"type": "string", "maxLength": MAX_REASON_CHARS}},
                ["plugin", "reason"],
            ),
        ),
    ]
