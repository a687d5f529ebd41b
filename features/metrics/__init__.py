"""Default plugin: the Performance panel's snapshot (developer mode only)."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.config import ConfigService
from ...services.plugins import PluginContext
from .methods import metrics_methods


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    if not context.registry.get(ConfigService).get("developer_mode"):
        return []
    return metrics_methods(context.registry)
