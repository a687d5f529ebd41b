"""What each hook call hands a plugin: its id, its logger, its registry view and its
capabilities (one `PluginContext` per plugin, made when it is enabled)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .capabilities import Capabilities


@dataclass(frozen=True)
class PluginContext:
    plugin_id: str
    #: Our default plugins get the whole `Registry`; third-party plugins a `PluginRegistry`
    #: holding only their own services.
    registry: Any
    capabilities: Capabilities
    log: logging.Logger
    builtin: bool = False
