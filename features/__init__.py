"""Our own features, each a default plugin implementing the hooks of sdk/hookspecs.py.

Adding a feature means adding its folder (an `__init__.py` with its hook implementations,
its bridge methods beside it) and one line below. Order matters only for services two
features both register (the later one wins), which none do.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    backup,
    canvas,
    collab,
    core,
    editing,
    exporting,
    history,
    insights,
    js_plugins,
    metrics,
    onboarding,
    plugin_admin,
    presets,
    preview,
    sync,
)

DEFAULT_PLUGINS: dict[str, ModuleType] = {
    "core": core,
    "preview": preview,
    "editing": editing,
    "canvas": canvas,
    "presets": presets,
    "onboarding": onboarding,
    "metrics": metrics,
    "plugin_admin": plugin_admin,
    "js_plugins": js_plugins,
    "exporting": exporting,
    "backup": backup,
    "history": history,
    "insights": insights,
    "collab": collab,
    "sync": sync,
}
