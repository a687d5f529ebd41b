"""The add-on's configuration: Anki's add-on config, validated against config.schema.json.

Defaults live only in `config.json` (Anki merges them with the user's values); the schema
in `config.schema.json` is also what Anki's own config editor checks. An invalid value is
never used: it falls back to its default and the problem is kept for the UI to show.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .validation import Problem, SchemaValidator, ValidationFailed

log = logging.getLogger(__name__)


class ConfigStore(Protocol):
    """Where config is read from and written to (Anki's add-on manager in the app)."""

    def read(self) -> dict[str, Any] | None: ...

    def write(self, config: dict[str, Any]) -> None: ...


class MemoryConfigStore:
    """A store held in memory: for tests and for tools that run outside Anki."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self.saved: dict[str, Any] | None = copy.deepcopy(initial)

    def read(self) -> dict[str, Any] | None:
        return copy.deepcopy(self.saved)

    def write(self, config: dict[str, Any]) -> None:
        self.saved = copy.deepcopy(config)


class ConfigService:
    """Validated, typed access to the add-on's settings."""

    def __init__(
        self, store: ConfigStore, defaults: dict[str, Any], validator: SchemaValidator
    ) -> None:
        validator.require_valid(defaults, "default config (config.json)")
        self._store = store
        self._defaults = copy.deepcopy(defaults)
        self._validator = validator
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._problems: list[Problem] = []
        self._listeners: list[Callable[[ConfigService], None]] = []
        self.reload()

    @classmethod
    def from_files(
        cls, store: ConfigStore, defaults_path: Path, schema_path: Path
    ) -> ConfigService:
        with defaults_path.open(encoding="utf-8") as handle:
            defaults = json.load(handle)
        with schema_path.open(encoding="utf-8") as handle:
            validator = SchemaValidator(json.load(handle))
        return cls(store, defaults, validator)

    def reload(self) -> None:
        """Re-read the store; invalid values fall back to their defaults."""
        stored = self._store.read() or {}
        merged = {**copy.deepcopy(self._defaults), **stored}
        problems = self._validator.problems(merged)
        if problems:
            merged = self._repaired(merged, problems)
            for problem in problems:
                log.warning("invalid config value, using the default instead: %s", problem)
        with self._lock:
            self._values = merged
            self._problems = problems
        for listener in list(self._listeners):
            listener(self)

    def _repaired(self, merged: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
        """Reset each invalid value to its default and drop unknown keys."""
        repaired = {k: v for k, v in merged.items() if k in self._defaults}
        for problem in problems:
            key = problem.path.split("/")[1] if problem.path.count("/") >= 1 else ""
            if key in self._defaults:
                repaired[key] = copy.deepcopy(self._defaults[key])
        if self._validator.problems(repaired):  # e.g. a rule across keys: use defaults
            return copy.deepcopy(self._defaults)
        return repaired

    @property
    def problems(self) -> list[Problem]:
        """Problems found at the last load (empty when the config is valid)."""
        with self._lock:
            return list(self._problems)

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._values:
                raise KeyError(f"unknown config key {key!r}")
            return copy.deepcopy(self._values[key])

    def values(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._values)

    def update(self, changes: dict[str, Any]) -> None:
        """Validate and save `changes`; nothing is written if any value is invalid."""
        with self._lock:
            candidate = {**copy.deepcopy(self._values), **copy.deepcopy(changes)}
        problems = self._validator.problems(candidate)
        if problems:
            raise ValidationFailed("config", problems)
        self._store.write(candidate)
        self.reload()

    def on_change(self, listener: Callable[[ConfigService], None]) -> None:
        self._listeners.append(listener)
