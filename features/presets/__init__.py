"""Default plugin: designs, themes and snippets (user_files/presets), import and export."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.environment import Environment
from ...services.plugins import PluginContext
from ...services.presets import PresetService
from ...services.registry import Registry
from .methods import preset_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    # Presets are the user's designs, shared by every profile (user_files/presets).
    registry.register_factory(
        PresetService,
        lambda _r: PresetService.open(env.paths.presets_dir, collection=env.collection),
        check=PresetService.check,
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return preset_methods(context.registry)
