"""The per-plugin context every hook receives (defined with the plugin manager)."""

from ..services.plugins.capabilities import Capabilities, PluginPermissionError
from ..services.plugins.context import PluginContext

__all__ = ["Capabilities", "PluginContext", "PluginPermissionError"]
