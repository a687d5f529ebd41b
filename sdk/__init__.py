"""The public, versioned surface of Anki Template Designer for plugin authors.

Only what is exported from this package is stable (docs/plugins.md is the guide).
Plugins import it as ``atd_sdk`` (the name does not depend on the folder Anki installed
us in); our own code imports it relatively. `protocol` describes the JSON messages the
designer page and Python exchange; it is versioned by `PROTOCOL_VERSION`.
"""

from .bridge import BridgeError, Deferred, Method, params

# Last: the context lives with the plugin manager, which imports the modules above.
from .context import Capabilities, PluginContext, PluginPermissionError
from .contributions import CanvasBlock, Exporter, LintRule, Panel
from .errors import DesignerError
from .markers import hookimpl
from .protocol import PREFIX, PROTOCOL_VERSION, ErrorCode
from .version import SDK_VERSION

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
