"""Read-only reports of the cache: counters for diagnostics, health for the registry ping."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TierStats:
    """Counters of one tier since it was opened.

    `evictions` counts entries dropped to stay within the byte limit (for the disk tier:
    entries found dropped by diskcache, counted when noticed); `expirations` counts
    entries dropped because their time-to-live had passed.
    """

    tier: str
    hits: int
    misses: int
    evictions: int
    expirations: int
    entries: int
    bytes: int
    limit_bytes: int

    @property
    def hit_rate(self) -> float:
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else 0.0


@dataclass(frozen=True)
class CacheStats:
    """The whole cache: a hit is a lookup served by either tier."""

    hits: int
    misses: int
    computations: int
    memory: TierStats
    disk: TierStats | None

    @property
    def hit_rate(self) -> float:
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else 0.0


@dataclass(frozen=True)
class TierHealth:
    """`ok` is False while the tier cannot do its job; `detail` says why in plain words."""

    tier: str
    ok: bool
    detail: str


class CacheUnhealthy(RuntimeError):
    """Raised by `TwoLevelCache.check()` so the registry's ping reports the problem."""
