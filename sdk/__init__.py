"""The public, versioned surface of Anki Template Designer for plugin authors.

Only what is exported from this package is stable (docs/plugins.md is the guide).
Plugins import it as ``atd_sdk`` (the name does not depend on the folder Anki installed
us in); our own code imports it relatively. `protocol` describes the JSON messages the
designer page and Python exchange; it is versioned by `PROTOCOL_VERSION`.
"""

from typing import TYPE_CHECKING, Any

from .bridge import BridgeError, Deferred, Method, params
from .contributions import CanvasBlock, Exporter, LintRule, Panel
from .errors import DesignerError
from .markers import hookimpl
from .protocol import PREFIX, PROTOCOL_VERSION, ErrorCode
from .version import SDK_VERSION

if TYPE_CHECKING:
    from .context import Capabilities, PluginContext, PluginPermissionError

#: Lives with the plugin manager (services/plugins), which imports the SDK's other modules,
#: and services import `sdk.protocol`: loaded on first use, so importing any service first
#: never meets a half-initialised module.
_FROM_CONTEXT = ("Capabilities", "PluginContext", "PluginPermissionError")


def __getattr__(name: str) -> Any:
    if name in _FROM_CONTEXT:
        from . import context

        return getattr(context, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PREFIX",
    "PROTOCOL_VERSION",
    "SDK_VERSION",
    "BridgeError",
    "CanvasBlock",
    "Capabilities",
    "Deferred",
    "DesignerError",
    "ErrorCode",
    "Exporter",
    "LintRule",
    "Method",
    "Panel",
    "PluginContext",
    "PluginPermissionError",
    "hookimpl",
    "params",
]
