"""The cache services use: memory first, then disk, one computation per missing key.

Reads try the memory tier, then the disk tier, promoting disk hits into memory so the
next read is fast. Writes go to both. Invalidations (delete, tag, pattern, clear) hold
the write lock and bump an epoch; a computation or promotion that started before an
invalidation does not store its (possibly stale) result afterwards. That is what keeps
"save the note type, then render" from showing the render of the old note type.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from .clock import Clock
from .disk_tier import DiskTier
from .envelope import encode
from .memory_tier import MemoryTier
from .single_flight import SingleFlight
from .sizing import estimate_size
from .stats import CacheStats, CacheUnhealthy, TierHealth

T = TypeVar("T")

log = logging.getLogger(__name__)

_MISSING: Any = object()


def _checked_tags(tags: Iterable[str]) -> frozenset[str]:
    if isinstance(tags, str):
        raise TypeError("tags must be a collection of strings, not one string")
    checked = frozenset(tags)
    for tag in checked:
        if not isinstance(tag, str):
            raise TypeError(f"tags must be strings, got {tag!r}")
    return checked


def _memory_size(value: Any, encoded_size: int | None, size: int | None) -> int:
    """Caller's size if given; len for text and bytes; else what the pickle weighs."""
    if size is not None:
        return size
    if isinstance(value, (bytes, str)) or encoded_size is None:
        return estimate_size(value)
    return encoded_size


class TwoLevelCache:
    """Memory + optional disk cache of str keys (build keys with `keys.make_key`).

    Values should be treated as immutable: a memory hit returns the stored object itself.
    Values stored with a disk tier must be picklable.
    """

    def __init__(self, memory: MemoryTier, disk: DiskTier | None = None, *, clock: Clock) -> None:
        self.memory = memory
        self.disk = disk
        self._clock = clock
        self._write_lock = threading.RLock()
        self._stats_lock = threading.Lock()
        self._flight = SingleFlight()
        self._epoch = 0
        self._closed = False
        self._computations = 0

    @classmethod
    def open(
        cls,
        directory: Path | None,
        *,
        memory_bytes: int,
        disk_bytes: int,
        clock: Clock = time.time,
    ) -> TwoLevelCache:
        """A cache with a memory tier and, if `directory` is given, a disk tier there."""
        memory = MemoryTier(memory_bytes, clock=clock)
        disk = None if directory is None else DiskTier(directory, max_bytes=disk_bytes, clock=clock)
        return cls(memory, disk, clock=clock)

    # -- reading --------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """The live value for `key`, or `default`. Expired entries are never returned."""
        value = self._lookup(key)
        return default if value is _MISSING else value

    def _lookup(self, key: str, *, count: bool = True) -> Any:
        """Memory, then disk (promoting a hit). Each tier counts its own hits and misses,
        which is what `stats()` adds up, so the hot path takes no extra lock."""
        if self._closed:
            return _MISSING
        entry = self.memory.get(key, count=count)
        if entry is not None:
            return entry.value
        if self.disk is None:
            return _MISSING
        epoch = self._epoch
        hit = self.disk.get(key, count=count)
        if hit is None:
            return _MISSING
        envelope = hit.envelope
        with self._write_lock:
            newer = self.memory.get(key, count=False)
            if newer is not None:  # a set() landed while we read the disk: it wins
                return newer.value
            if self._epoch == epoch and not self._closed:  # not invalidated meanwhile
                self.memory.set(
                    key,
                    envelope.value,
                    size=_memory_size(envelope.value, hit.size, None),
                    expires_at=envelope.expires_at,
                    tags=envelope.tags,
                )
        return envelope.value

    # -- writing ------------------------------------------------------------------------

    def set(
        self,
        key: str,
        value: Any,
        *,
        ttl: float | None = None,
        tags: Iterable[str] = (),
        size: int | None = None,
    ) -> None:
        """Store `value` in both tiers for `ttl` seconds (None: until evicted).

        `tags` let a later `invalidate_tag` drop it; `size` overrides the memory tier's
        size estimate. Raises TypeError if a disk tier is used and `value` cannot be pickled.
        """
        self._store(key, value, ttl=ttl, tags=tags, size=size, epoch=None)

    def _store(
        self,
        key: str,
        value: Any,
        *,
        ttl: float | None,
        tags: Iterable[str],
        size: int | None,
        epoch: int | None,
    ) -> None:
        if ttl is not None and ttl <= 0:
            raise ValueError(f"ttl must be positive or None, got {ttl}")
        checked_tags = _checked_tags(tags)
        expires_at = None if ttl is None else self._clock() + ttl
        blob = None
        if self.disk is not None:
            try:
                blob = encode(value, expires_at, checked_tags)
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                raise TypeError(f"cannot store {key!r} on disk: {error}") from error
        memory_size = _memory_size(value, None if blob is None else len(blob), size)
        with self._write_lock:
            if self._closed:
                return
            if epoch is not None and epoch != self._epoch:
                log.debug("not caching %r: the cache was invalidated while computing it", key)
                return
            if self.disk is not None and blob is not None:
                self.disk.set(key, blob, expires_at=expires_at, tags=checked_tags)
            self.memory.set(key, value, size=memory_size, expires_at=expires_at, tags=checked_tags)

    def get_or_compute(
        self,
        key: str,
        compute: Callable[[], T],
        *,
        ttl: float | None = None,
        tags: Iterable[str] = (),
        size: int | None = None,
    ) -> T:
        """The cached value for `key`, computing and storing it on a miss.

        Concurrent callers for the same key share one computation; if it raises, all of
        them get the exception and nothing is stored.
        """
        value = self._lookup(key)
        if value is not _MISSING:
            return value  # type: ignore[no-any-return]

        def compute_once() -> T:
            # Stored by a caller that finished since our miss? (Not counted twice.)
            again = self._lookup(key, count=False)
            if again is not _MISSING:
                return again  # type: ignore[no-any-return]
            epoch = self._epoch
            result = compute()
            with self._stats_lock:
                self._computations += 1
            self._store(key, result, ttl=ttl, tags=tags, size=size, epoch=epoch)
            return result

        result, _shared = self._flight.run(key, compute_once)
        return result

    # -- invalidating -------------------------------------------------------------------

    def delete(self, key: str) -> bool:
        """Remove `key` from both tiers; True if either held it."""
        with self._write_lock:
            self._epoch += 1
            in_memory = self.memory.delete(key)
            on_disk = self.disk.delete(key) if self.disk is not None else False
            return in_memory or on_disk

    def invalidate_tag(self, tag: str) -> int:
        """Remove every entry carrying `tag`; returns how many distinct keys went."""
        with self._write_lock:
            self._epoch += 1
            keys = set(self.memory.invalidate_tag(tag))
            if self.disk is not None:
                keys.update(self.disk.invalidate_tag(tag))
            return len(keys)

    def invalidate_pattern(self, pattern: str) -> int:
        """Remove entries whose key matches the glob `pattern` (fnmatch, case-sensitive)."""
        with self._write_lock:
            self._epoch += 1
            keys = set(self.memory.invalidate_pattern(pattern))
            if self.disk is not None:
                keys.update(self.disk.invalidate_pattern(pattern))
            return len(keys)

    def purge_expired(self) -> int:
        """Drop expired entries now rather than when next read (e.g. from an idle timer)."""
        with self._write_lock:
            keys = set(self.memory.purge_expired())
            if self.disk is not None:
                keys.update(self.disk.purge_expired())
            return len(keys)

    def clear(self) -> None:
        with self._write_lock:
            self._epoch += 1
            self.memory.clear()
            if self.disk is not None:
                self.disk.clear()

    # -- reporting and lifetime ---------------------------------------------------------

    def stats(self) -> CacheStats:
        """A lookup is a hit if either tier served it; a miss if the last tier asked missed."""
        with self._stats_lock:
            computations = self._computations
        memory = self.memory.stats()
        disk = None if self.disk is None else self.disk.stats()
        return CacheStats(
            hits=memory.hits + (0 if disk is None else disk.hits),
            misses=memory.misses if disk is None else disk.misses,
            computations=computations,
            memory=memory,
            disk=disk,
        )

    def waiting(self, key: str) -> int:
        """Callers waiting for another caller's computation of `key` (diagnostics)."""
        return self._flight.waiting(key)

    def health(self) -> list[TierHealth]:
        report = [self.memory.health()]
        if self.disk is not None:
            report.append(self.disk.health())
        return report

    def check(self) -> None:
        """For `Registry.register_factory(..., check=TwoLevelCache.check)`."""
        problems = [f"{h.tier}: {h.detail}" for h in self.health() if not h.ok]
        if problems:
            raise CacheUnhealthy("; ".join(problems))

    def close(self) -> None:
        """Release the disk cache and empty memory; later calls miss and store nothing."""
        with self._write_lock:
            self._closed = True
            self._epoch += 1
            self.memory.clear()
            if self.disk is not None:
                self.disk.close()

    @property
    def closed(self) -> bool:
        return self._closed
