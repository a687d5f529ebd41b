"""Default plugin: the Plugins panel's bridge methods (list, enable/disable, install from a
file or a signed index, update, uninstall) and the installer service behind them."""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.config import ConfigService
from ...services.environment import Environment
from ...services.plugins import PluginContext, PluginManager
from ...services.plugins.install import PluginInstaller
from ...services.plugins.signing import trusted_keys
from ...services.registry import Registry
from .methods import InstallProgress, plugin_admin_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    registry.register_factory(
        PluginInstaller,
        lambda r: PluginInstaller(
            r.get(PluginManager),
            plugins_dir=env.paths.user_files / "plugins",
            data_dir=env.paths.user_files / "plugin-data",
            trusted_keys=lambda: trusted_keys(
                r.get(ConfigService).get("plugin_index_trusted_keys")
            ),
            log=context.log,
        ),
    )
    registry.register_value(InstallProgress, InstallProgress())


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return plugin_admin_methods(context.registry)
