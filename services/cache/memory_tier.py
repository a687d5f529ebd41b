"""The in-memory tier: an LRU bounded by bytes, with expiry and tags.

This is the hot path of every preview render, so a lookup is one lock, one dict access
and one `move_to_end`. The bound is in bytes (see `sizing.py`) because a few large
renders must not push the add-on's memory use up unnoticed. Expired entries are never
returned: they are dropped when looked up, by `purge_expired`, or by LRU order.
"""

from __future__ import annotations

import fnmatch
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .clock import Clock
from .stats import TierHealth, TierStats


@dataclass(frozen=True)
class MemoryEntry:
    value: Any
    size: int
    expires_at: float | None
    tags: frozenset[str]


class MemoryTier:
    """Thread-safe LRU cache of str keys bounded by `max_bytes`."""

    def __init__(self, max_bytes: int, *, clock: Clock) -> None:
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, MemoryEntry] = OrderedDict()
        self._by_tag: dict[str, set[str]] = {}
        self._bytes = 0
        self._hits = 0
        self._misses = 0
        self._evictions = 0
        self._expirations = 0

    def get(self, key: str, *, count: bool = True) -> MemoryEntry | None:
        """The live entry for `key` (marked most recently used), or None.

        `count=False` leaves hits and misses alone (for a caller's re-check)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self._misses += count
                return None
            if entry.expires_at is not None and self._clock() >= entry.expires_at:
                self._remove(key)
                self._expirations += 1
                self._misses += count
                return None
            self._entries.move_to_end(key)
            self._hits += count
            return entry

    def set(
        self,
        key: str,
        value: Any,
        *,
        size: int,
        expires_at: float | None = None,
        tags: Iterable[str] = (),
    ) -> bool:
        """Store `value`, evicting least recently used entries to fit.

        Returns False (and drops any older entry for `key`) when `size` alone exceeds
        the bound: one oversized value must not flush the whole tier.
        """
        if size < 0:
            raise ValueError(f"size must not be negative, got {size}")
        entry = MemoryEntry(value, size, expires_at, frozenset(tags))
        with self._lock:
            if key in self._entries:
                self._remove(key)
            if size > self.max_bytes:
                return False
            self._entries[key] = entry
            self._bytes += size
            for tag in entry.tags:
                self._by_tag.setdefault(tag, set()).add(key)
            while self._bytes > self.max_bytes:
                oldest = next(iter(self._entries))
                self._remove(oldest)
                self._evictions += 1
            return True

    def delete(self, key: str) -> bool:
        with self._lock:
            if key not in self._entries:
                return False
            self._remove(key)
            return True

    def invalidate_tag(self, tag: str) -> list[str]:
        """Drop every entry carrying `tag`; returns the keys dropped."""
        with self._lock:
            keys = list(self._by_tag.get(tag, ()))
            for key in keys:
                self._remove(key)
            return keys

    def invalidate_pattern(self, pattern: str) -> list[str]:
        """Drop entries whose key matches the glob `pattern` (case-sensitive everywhere)."""
        with self._lock:
            keys = [key for key in self._entries if fnmatch.fnmatchcase(key, pattern)]
            for key in keys:
                self._remove(key)
            return keys

    def purge_expired(self) -> list[str]:
        with self._lock:
            now = self._clock()
            keys = [
                key
                for key, entry in self._entries.items()
                if entry.expires_at is not None and now >= entry.expires_at
            ]
            for key in keys:
                self._remove(key)
            self._expirations += len(keys)
            return keys

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._by_tag.clear()
            self._bytes = 0

    def _remove(self, key: str) -> None:
        """Drop `key` and its accounting; the caller holds the lock."""
        entry = self._entries.pop(key)
        self._bytes -= entry.size
        for tag in entry.tags:
            keys = self._by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_tag[tag]

    def stats(self) -> TierStats:
        with self._lock:
            return TierStats(
                tier="memory",
                hits=self._hits,
                misses=self._misses,
                evictions=self._evictions,
                expirations=self._expirations,
                entries=len(self._entries),
                bytes=self._bytes,
                limit_bytes=self.max_bytes,
            )

    def health(self) -> TierHealth:
        """Checks the accounting invariants; a broken one means a bug worth reporting."""
        with self._lock:
            counted = sum(entry.size for entry in self._entries.values())
            if counted != self._bytes or not 0 <= self._bytes <= self.max_bytes:
                detail = f"byte accounting is off: {self._bytes} counted, {counted} held"
                return TierHealth("memory", False, detail)
            return TierHealth("memory", True, f"{len(self._entries)} entries, {self._bytes} bytes")
