"""Default plugin: the live preview (Anki's renderer, cached) and the note picker."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.config import ConfigService
from ...services.environment import Environment
from ...services.metrics import Metrics
from ...services.plugins import PluginContext
from ...services.preview import PreviewRenderer
from ...services.preview.service import PreviewCache, PreviewService
from ...services.registry import Registry
from .methods import preview_methods

MIB = 1024 * 1024


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    registry.register_factory(PreviewRenderer, lambda _r: PreviewRenderer(env.collection))
    registry.register_factory(
        PreviewCache,
        lambda r: PreviewCache.memory_only(r.get(ConfigService).get("cache_memory_mib") * MIB // 2),
        on_close=PreviewCache.close,
        check=PreviewCache.check,
    )
    registry.register_factory(
        PreviewService,
        lambda r: PreviewService(r.get(PreviewRenderer), r.get(PreviewCache), r.get(Metrics)),
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return preview_methods(context.registry)
