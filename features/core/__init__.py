"""Default plugin: start-up, the note type list, page errors and diagnostics."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.plugins import PluginContext
from .methods import core_methods


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return core_methods(context.registry)
