"""The clock the cache reads expiry times from.

Injected (never read from `time` directly) so tests can move time by hand instead of
sleeping. Entries persist on disk across sessions, so the clock must be a wall clock
(`time.time`, the default), not `time.monotonic`, whose zero changes with every boot.
"""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]
