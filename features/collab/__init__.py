"""Default plugin: real-time collaboration's bridge methods (issue #16).

The page's Yjs frames go out through `collab.send` and come back as `collab.frame` events
(the dialog forwards `CollabSession` events to the page); the page itself stays sealed.
"""

from __future__ import annotations

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.collab import CollabSession
from ...services.plugins import PluginContext
from ...services.registry import Registry
from .methods import collab_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    registry.register_factory(
        CollabSession, lambda _r: CollabSession(), on_close=CollabSession.close
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return collab_methods(context.registry)
