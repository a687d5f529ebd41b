"""Plugins: the manager (pluggy, lifecycle, isolation), manifests, discovery, capabilities."""

from .capabilities import Capabilities, PluginPermissionError
from .context import PluginContext
from .manager import DISABLED, ENABLED, FAILED, REFUSED, UNLOADED, PluginManager, PluginRecord
from .manifest import Manifest, load_manifest, parse_manifest

__all__ = [
    "DISABLED",
    "ENABLED",
    "FAILED",
    "REFUSED",
    "UNLOADED",
    "Capabilities",
    "Manifest",
    "PluginContext",
    "PluginManager",
    "PluginPermissionError",
    "PluginRecord",
    "load_manifest",
    "parse_manifest",
]
