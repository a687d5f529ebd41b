"""Default plugin: the page's Export… menu, running every enabled plugin's exporters
(`atd_exporters`) on the draft and writing the file where the user picks."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.exporting import ExporterCatalog
from ...services.plugins import PluginContext, PluginManager
from ...services.registry import Registry
from .methods import exporting_methods


def _collect(registry: Registry) -> ExporterCatalog:
    def collect() -> list[tuple[str, object]]:
        if not registry.is_registered(PluginManager):
            return []
        return registry.get(PluginManager).collect("atd_exporters")

    return ExporterCatalog(collect)


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    context.registry.register_factory(ExporterCatalog, _collect)


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return exporting_methods(context.registry)
