"""The service registry: one place that knows how every service is built and closed.

Modelled on `svcs`: services are registered under a key (normally their class) with a
factory, created lazily on first `get`, and closed in reverse order of creation by
`close()`. Tests swap a service by registering a fake under the same key, so no code
ever monkeypatches internals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast, overload

T = TypeVar("T")

Factory = Callable[["Registry"], Any]
Cleanup = Callable[[Any], None]
Check = Callable[[Any], None]

log = logging.getLogger(__name__)


class ServiceNotFoundError(LookupError):
    """Raised by `get` for a key that was never registered."""


class RegistryClosedError(RuntimeError):
    """Raised when a closed registry is asked for a service."""


@dataclass(frozen=True)
class _Registration:
    factory: Factory
    on_close: Cleanup | None
    check: Check | None


@dataclass(frozen=True)
class PingResult:
    """Outcome of one service's health check, for diagnostics and the about panel."""

    name: str
    ok: bool
    error: str | None = None


def _key_name(key: object) -> str:
    return getattr(key, "__qualname__", None) or str(key)


class Registry:
    """Lazy, typed, thread-safe service container with ordered cleanup."""

    def __init__(self) -> None:
        self._registrations: dict[object, _Registration] = {}
        self._instances: dict[object, Any] = {}
        self._creation_order: list[object] = []
        self._lock = threading.RLock()
        self._closed = False
        self._building: list[object] = []

    def register_factory(
        self,
        key: type[T] | str,
        factory: Callable[[Registry], T],
        *,
        on_close: Callable[[T], None] | None = None,
        check: Callable[[T], None] | None = None,
    ) -> None:
        """Register how to build the service for `key`; it is built on first `get`.

        `on_close` runs when the registry closes (only if the service was built);
        `check` is called by `ping()` and should raise if the service is unhealthy.
        Registering a key again replaces it, and drops an already built instance.
        """
        with self._lock:
            self._registrations[key] = _Registration(
                factory, cast(Cleanup | None, on_close), cast(Check | None, check)
            )
            if key in self._instances:
                del self._instances[key]
                self._creation_order.remove(key)

    def register_value(
        self,
        key: type[T] | str,
        value: T,
        *,
        on_close: Callable[[T], None] | None = None,
        check: Callable[[T], None] | None = None,
    ) -> None:
        """Register an already built service."""
        self.register_factory(key, lambda _registry: value, on_close=on_close, check=check)

    @overload
    def get(self, key: type[T]) -> T: ...

    @overload
    def get(self, key: str) -> Any: ...

    def get(self, key: type[T] | str) -> Any:
        """Return the service for `key`, building it (and its dependencies) if needed."""
        with self._lock:
            if self._closed:
                raise RegistryClosedError(f"registry is closed; cannot get {_key_name(key)}")
            if key in self._instances:
                return self._instances[key]
            registration = self._registrations.get(key)
            if registration is None:
                raise ServiceNotFoundError(f"no service registered for {_key_name(key)}")
            if key in self._building:
                chain = " -> ".join(_key_name(k) for k in [*self._building, key])
                raise RuntimeError(f"service dependency cycle: {chain}")
            self._building.append(key)
            try:
                instance = registration.factory(self)
            finally:
                self._building.pop()
            self._instances[key] = instance
            self._creation_order.append(key)
            return instance

    def unregister(self, key: object) -> None:
        """Forget `key` (a disabled plugin's service); a built instance is closed first."""
        with self._lock:
            registration = self._registrations.pop(key, None)
            instance = self._instances.pop(key, None)
            if key in self._creation_order:
                self._creation_order.remove(key)
        if registration is not None and registration.on_close is not None and instance is not None:
            try:
                registration.on_close(instance)
            except Exception:
                log.exception("closing %s failed", _key_name(key))

    def is_registered(self, key: object) -> bool:
        with self._lock:
            return key in self._registrations

    def ping(self) -> list[PingResult]:
        """Run every registered health check (building services as needed)."""
        results: list[PingResult] = []
        with self._lock:
            items = list(self._registrations.items())
        for key, registration in items:
            name = _key_name(key)
            try:
                instance = self.get(cast(Any, key))
                if registration.check is not None:
                    registration.check(instance)
            except Exception as error:  # noqa: BLE001 - a health check reports, never raises
                results.append(PingResult(name, False, f"{type(error).__name__}: {error}"))
            else:
                results.append(PingResult(name, True))
        return results

    def close(self) -> list[tuple[str, BaseException]]:
        """Close built services in reverse order of creation.

        Every cleanup runs even if an earlier one fails; failures are logged and
        returned so the caller can report them. Closing twice is harmless.
        """
        with self._lock:
            if self._closed:
                return []
            self._closed = True
            order = list(reversed(self._creation_order))
            instances = dict(self._instances)
            self._instances.clear()
            self._creation_order.clear()
        failures: list[tuple[str, BaseException]] = []
        for key in order:
            registration = self._registrations[key]
            if registration.on_close is None:
                continue
            try:
                registration.on_close(instances[key])
            except Exception as error:
                log.exception("closing %s failed", _key_name(key))
                failures.append((_key_name(key), error))
        return failures

    @property
    def closed(self) -> bool:
        return self._closed
