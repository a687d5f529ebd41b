"""The open designer's bridge methods follow the running plugins.

The dispatcher's allowlist is collected from the plugins when a designer opens; a plugin
installed, enabled, disabled, uninstalled or failed afterwards changes it at once (no
reopen), because the dialog subscribes here to the plugin manager's changes. Qt-free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..services.plugins import PluginManager
from .bridge import Dispatcher

log = logging.getLogger(__name__)


def follow_plugin_methods(dispatcher: Dispatcher, plugins: PluginManager) -> Callable[[], None]:
    """Keep `dispatcher`'s methods those of the enabled plugins; returns the unsubscribe."""

    def refresh() -> None:
        before = set(dispatcher.method_names)
        dispatcher.replace_methods(plugins.bridge_methods())
        after = set(dispatcher.method_names)
        if before != after:
            log.info(
                "bridge methods now %d (added %s, removed %s)",
                len(after),
                sorted(after - before) or "none",
                sorted(before - after) or "none",
            )

    return plugins.changes.subscribe(refresh)
