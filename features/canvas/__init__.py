"""Default plugin: the visual canvas (compact trees, ops as span edits, field display)."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.canvas import CanvasService
from ...services.canvas.display import FieldDisplay
from ...services.environment import Environment
from ...services.plugins import PluginContext
from ...services.preview import PreviewRenderer
from ...services.registry import Registry
from .methods import canvas_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    registry.register_factory(
        CanvasService,
        lambda r: CanvasService(FieldDisplay(env.collection, r.get(PreviewRenderer))),
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return canvas_methods(context.registry)
