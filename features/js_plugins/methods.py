"""Bridge methods behind the page's JS plugin host (web/src/jsPlugins/).

* `jsPlugins.blocks`: every block the enabled third-party plugins declare, grouped by
  plugin and module, with the permissions the page gates worker messages by. A block that
  is not well formed is left out and named in that plugin's `errors`.
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
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.errors import DesignerError
from ...services.plugins import ENABLED, PluginManager, PluginRecord
from ...services.plugins.js_modules import (
    DeclaredBlock,
    block_json,
    block_problem,
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


def declared_blocks(
    manager: PluginManager, log: logging.Logger
) -> tuple[list[DeclaredBlock], dict[str, list[str]]]:
    """Every well-formed block of an enabled third-party plugin, and each plugin's problems."""
    blocks: list[DeclaredBlock] = []
    problems: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for plugin_id, block in manager.collect("atd_canvas_blocks"):
        record = manager.record(plugin_id)
        problem = block_problem(block)
        if problem is None and record.builtin:
            problem = "built-in features have no plugin folder for JS modules"
        if problem is None and (plugin_id, block.id) in seen:
            problem = f"block id {block.id!r} is declared twice"
        if problem is not None:
            log.warning("plugin %s: %s", plugin_id, problem)
            problems.setdefault(plugin_id, []).append(problem)
            continue
        seen.add((plugin_id, block.id))
        blocks.append(DeclaredBlock(plugin_id, block))
    return blocks, problems


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
        blocks, problems = declared_blocks(manager, log)
        plugins: dict[str, dict[str, Any]] = {}
        for plugin_id in sorted({b.plugin_id for b in blocks} | set(problems)):
            record = manager.record(plugin_id)
            manifest = record.manifest
            plugins[plugin_id] = {
                "id": plugin_id,
                "name": manifest.name if manifest else plugin_id,
                "permissions": sorted(manifest.permissions) if manifest else [],
                "modules": {},
                "errors": problems.get(plugin_id, []),
            }
        for item in blocks:
            modules = plugins[item.plugin_id]["modules"]
            modules.setdefault(item.block.module, []).append(block_json(item.block))
        return {
            "plugins": [
                {**p, "modules": [{"path": k, "blocks": v} for k, v in p["modules"].items()]}
                for p in plugins.values()
            ]
        }

    def module(params: dict[str, Any]) -> dict[str, Any]:
        plugin_id, path = params["plugin"], params["path"]
        record = enabled(plugin_id)
        blocks, _problems = declared_blocks(manager, log)
        if not any(b.plugin_id == plugin_id and b.block.module == path for b in blocks):
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
