"""ConfigStore backed by Anki's add-on manager (config.json defaults + the user's values)."""

from __future__ import annotations

from typing import Any

from aqt.addons import AddonManager


class AnkiConfigStore:
    def __init__(self, manager: AddonManager, module: str) -> None:
        self._manager = manager
        self._module = module

    def read(self) -> dict[str, Any] | None:
        return self._manager.getConfig(self._module)

    def write(self, config: dict[str, Any]) -> None:
        self._manager.writeConfig(self._module, config)
