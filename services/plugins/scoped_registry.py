"""The registry as a third-party plugin sees it: its own services, nobody else's.

A plugin registers services under keys it owns (a string starting with its id and a dot,
or a class defined in its own code) and gets them back; other services are reached
through capabilities. Keys are remembered so disabling the plugin removes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..registry import Registry
from .capabilities import Capabilities


class PluginRegistry:
    def __init__(self, registry: Registry, capabilities: Capabilities, module_prefix: str):
        self._registry = registry
        self._capabilities = capabilities
        self._module_prefix = module_prefix
        self.keys: list[object] = []

    def _owns(self, key: object) -> bool:
        plugin_id = self._capabilities.plugin_id
        if isinstance(key, str):
            return key.startswith(plugin_id + ".")
        module = getattr(key, "__module__", "")
        prefix = self._module_prefix  # its own package, not one whose name starts alike
        return isinstance(module, str) and (module == prefix or module.startswith(prefix + "."))

    def _check(self, key: object) -> None:
        if not self._owns(key):
            name = getattr(key, "__qualname__", key)
            raise self._capabilities.refused(
                f"service {name!r}: plugins register and get their own services "
                f"(keys '{self._capabilities.plugin_id}.<name>' or their own classes)"
            )

    def register_factory(
        self,
        key: Any,
        factory: Callable[[Any], Any],
        *,
        on_close: Callable[[Any], None] | None = None,
        check: Callable[[Any], None] | None = None,
    ) -> None:
        self._check(key)
        # The factory gets this scoped view, not the whole registry.
        self._registry.register_factory(
            key, lambda _r: factory(self), on_close=on_close, check=check
        )
        self.keys.append(key)

    def register_value(self, key: Any, value: Any, **kwargs: Any) -> None:
        self.register_factory(key, lambda _r: value, **kwargs)

    def get(self, key: Any) -> Any:
        self._check(key)
        return self._registry.get(key)

    def is_registered(self, key: object) -> bool:
        return self._owns(key) and self._registry.is_registered(key)
