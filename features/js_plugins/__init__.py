"""Default plugin: JS plugins' blocks for the canvas (the consumer of `atd_canvas_blocks`).

The page asks which blocks the enabled plugins declare, gets each declared module's text
and runs it in a Web Worker with no bridge (web/src/jsPlugins/); block content a worker
hands back is cleaned here before it can reach a template (docs/plugins.md, "JS plugins").
"""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.plugins import PluginContext
from .methods import js_plugin_methods


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return js_plugin_methods(context.registry, context.log)
