"""Telling plugins about an event from inside a feature (none to tell in bare tests)."""

from __future__ import annotations

from typing import Any

from ..services.plugins import PluginManager
from ..services.registry import Registry


def announce(registry: Registry, hook: str, **kwargs: Any) -> None:
    if registry.is_registered(PluginManager):
        registry.get(PluginManager).notify(hook, **kwargs)
