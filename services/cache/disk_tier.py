"""The disk tier: diskcache in the add-on's cache folder, bounded by size, never fatal.

A cache is an optimisation, so nothing it does may stop the designer: if the folder
cannot be opened the tier is switched off (and retried later) and lookups are misses;
if the database is corrupt it is removed and rebuilt empty, with a log line. Corrupt or
undecodable entries are misses, never served. Every call takes the tier's lock: the disk
tier is only reached on memory misses, and serialising it keeps diskcache, our index and
a rebuild from interleaving.
"""

from __future__ import annotations

import fnmatch
import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..._vendor import diskcache
from .clock import Clock
from .disk_files import remove_cache_files
from .disk_index import DiskIndex
from .envelope import Envelope, UnreadableEntry, decode
from .stats import TierHealth, TierStats

log = logging.getLogger(__name__)

# What a broken or busy disk can raise; anything else is a bug and propagates.
DISK_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, diskcache.Timeout)
# SQLite's primary result codes for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB).
_CORRUPTION_CODES = frozenset({11, 26})
_PRUNE_EVERY_SETS = 256


def is_corruption(error: BaseException) -> bool:
    """True when SQLite says the file is damaged (as opposed to busy or unreachable)."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is None:
        return type(error) is sqlite3.DatabaseError
    return int(code) & 0xFF in _CORRUPTION_CODES


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


@dataclass(frozen=True)
class DiskHit:
    envelope: Envelope
    size: int


class DiskTier:
    """diskcache plus an index of tags and expiry; see the module docstring for failures."""

    def __init__(
        self,
        directory: Path,
        *,
        max_bytes: int,
        clock: Clock,
        retry_after: float = 60.0,
        sqlite_timeout: float = 5.0,
    ) -> None:
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.directory = directory
        self.max_bytes = max_bytes
        self._clock = clock
        self._retry_after = retry_after
        self._sqlite_timeout = sqlite_timeout
        self._lock = threading.RLock()
        self._cache: Any = None
        self._index: DiskIndex | None = None
        self._closed = False
        self._problem: str | None = None
        self._retry_at = 0.0
        self._recovered: str | None = None
        self._sets_since_prune = 0
        self._hits = self._misses = self._evictions = self._expirations = 0
        with self._lock:
            self._open()

    # -- opening, failing, rebuilding ------------------------------------------------

    def _connect(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        # least-recently-used: a disk hit refreshes the entry, so hot previews survive.
        cache = diskcache.Cache(
            str(self.directory),
            timeout=self._sqlite_timeout,
            size_limit=self.max_bytes,
            eviction_policy="least-recently-used",
        )
        try:
            self._index = DiskIndex(self.directory, timeout=self._sqlite_timeout)
        except BaseException:
            cache.close()
            raise
        self._cache = cache

    def _open(self) -> None:
        """Open the cache; rebuild it once if corrupt; otherwise switch the tier off."""
        try:
            try:
                self._connect()
            except sqlite3.DatabaseError as error:
                if not is_corruption(error):
                    raise
                self._rebuild(error)
        except DISK_ERRORS as error:
            self._disable(error)
        else:
            self._problem = None

    def _rebuild(self, error: BaseException) -> None:
        log.warning(
            "disk cache in %s is corrupt (%s); it is removed and rebuilt empty",
            self.directory,
            _describe(error),
        )
        self._release()
        remove_cache_files(self.directory)
        self._connect()
        self._problem = None
        self._recovered = f"rebuilt empty after corruption ({_describe(error)})"

    def _disable(self, error: BaseException) -> None:
        self._release()
        self._problem = f"unavailable: {_describe(error)}"
        self._retry_at = self._clock() + self._retry_after
        log.warning(
            "disk cache in %s is unavailable (%s); using memory only, retrying in %.0f s",
            self.directory,
            _describe(error),
            self._retry_after,
        )

    def _release(self) -> None:
        """Close and drop the handles; dropping the object also closes other threads'
        connections (diskcache keeps one per thread), which Windows needs to delete files."""
        cache, index = self._cache, self._index
        self._cache, self._index = None, None
        if index is not None:
            index.close()
        if cache is not None:
            cache.close()

    def _failed(self, operation: str, error: BaseException) -> None:
        """Turn an error during `operation` into a log line and, if corrupt, a rebuild."""
        if is_corruption(error):
            try:
                self._rebuild(error)
            except DISK_ERRORS as again:
                self._disable(again)
            return
        if self._problem is None:
            log.warning("disk cache %s failed: %s", operation, _describe(error))
        self._problem = f"{operation} failed: {_describe(error)}"

    def _usable(self) -> bool:
        """True if open; reopens a switched-off tier once its retry time has come."""
        if self._closed:
            return False
        if self._cache is None and self._clock() >= self._retry_at:
            self._open()
        return self._cache is not None

    def _succeeded(self) -> None:
        if self._problem is not None:
            log.info("disk cache in %s works again", self.directory)
            self._problem = None

    # -- operations ---------------------------------------------------------------------

    def get(self, key: str, *, count: bool = True) -> DiskHit | None:
        """The live entry for `key`, or None (also when the disk is unusable).

        `count=False` leaves hits and misses alone (for a caller's re-check)."""
        with self._lock:
            hit = self._lookup(key)
            if hit is None:
                self._misses += count
            else:
                self._hits += count
            return hit

    def _lookup(self, key: str) -> DiskHit | None:
        if not self._usable():
            return None
        assert self._index is not None
        try:
            blob = self._cache.get(key, default=None)
            if blob is None:
                if self._index.has(key):  # we stored it, diskcache dropped it for space
                    self._evictions += 1
                    self._index.remove([key])
                self._succeeded()
                return None
            if not isinstance(blob, bytes):
                raise UnreadableEntry(f"stored value is {type(blob).__name__}, not bytes")
            envelope = decode(blob)
        except UnreadableEntry as error:
            log.info("dropping unreadable disk cache entry %r: %s", key, error)
            self._delete_keys([key])
            return None
        except DISK_ERRORS as error:
            self._failed("get", error)
            return None
        if envelope.expired(self._clock()):
            self._expirations += len(self._delete_keys([key]))
            return None
        self._succeeded()
        return DiskHit(envelope, len(blob))

    def set(self, key: str, blob: bytes, *, expires_at: float | None, tags: Iterable[str]) -> bool:
        """Store an encoded entry (see `envelope.encode`); False if the disk is unusable."""
        with self._lock:
            if not self._usable():
                return False
            assert self._index is not None
            try:
                self._index.put(key, expires_at, tags)  # index first: it lists a superset
                self._cache.set(key, blob)
                self._sets_since_prune += 1
                if self._sets_since_prune >= _PRUNE_EVERY_SETS:
                    self._prune_index()
            except DISK_ERRORS as error:
                self._failed("set", error)
                return False
            self._succeeded()
            return True

    def _prune_index(self) -> None:
        """Forget index rows of keys diskcache evicted, once they clearly outnumber it."""
        assert self._index is not None
        self._sets_since_prune = 0
        if self._index.count() <= 2 * len(self._cache) + 64:
            return
        gone = [key for key in self._index.all_keys() if key not in self._cache]
        self._index.remove(gone)
        self._evictions += len(gone)

    def delete(self, key: str) -> bool:
        with self._lock:
            return bool(self._delete_keys([key]))

    def invalidate_tag(self, tag: str) -> list[str]:
        """Delete every entry carrying `tag`; returns the keys that were on disk."""
        with self._lock:
            if not self._usable():
                return []
            assert self._index is not None
            try:
                keys = self._index.keys_with_tag(tag)
            except DISK_ERRORS as error:
                self._failed("invalidate", error)
                return []
            return self._delete_keys(keys)

    def invalidate_pattern(self, pattern: str) -> list[str]:
        """Delete entries whose key matches the glob `pattern`; returns those deleted."""
        with self._lock:
            if not self._usable():
                return []
            assert self._index is not None
            try:
                keys = [k for k in self._index.all_keys() if fnmatch.fnmatchcase(k, pattern)]
            except DISK_ERRORS as error:
                self._failed("invalidate", error)
                return []
            return self._delete_keys(keys)

    def purge_expired(self) -> list[str]:
        with self._lock:
            if not self._usable():
                return []
            assert self._index is not None
            try:
                keys = self._index.expired_keys(self._clock())
            except DISK_ERRORS as error:
                self._failed("purge", error)
                return []
            removed = self._delete_keys(keys)
            self._expirations += len(removed)
            return removed

    def _delete_keys(self, keys: list[str]) -> list[str]:
        """Delete from diskcache, then from the index; returns the keys that were on disk."""
        if not keys or not self._usable():
            return []
        assert self._index is not None
        try:
            removed = [key for key in keys if self._cache.delete(key)]
            self._index.remove(keys)
        except DISK_ERRORS as error:
            self._failed("delete", error)
            return []
        self._succeeded()
        return removed

    def clear(self) -> None:
        with self._lock:
            if not self._usable():
                return
            assert self._index is not None
            try:
                self._cache.clear()
                self._index.clear()
            except DISK_ERRORS as error:
                self._failed("clear", error)

    # -- reporting and lifetime ---------------------------------------------------------

    def stats(self) -> TierStats:
        with self._lock:
            entries = size = 0
            if not self._closed and self._cache is not None:
                try:
                    entries, size = len(self._cache), int(self._cache.volume())
                except DISK_ERRORS as error:
                    self._failed("stats", error)
            return TierStats(
                tier="disk",
                hits=self._hits,
                misses=self._misses,
                evictions=self._evictions,
                expirations=self._expirations,
                entries=entries,
                bytes=size,
                limit_bytes=self.max_bytes,
            )

    def health(self) -> TierHealth:
        with self._lock:
            if self._closed:
                return TierHealth("disk", False, "closed")
            self._usable()  # give a switched-off tier its chance to come back
            if self._problem is not None:
                return TierHealth("disk", False, self._problem)
            detail = f"ok in {self.directory}"
            if self._recovered is not None:
                detail += f"; {self._recovered}"
            return TierHealth("disk", True, detail)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._release()
