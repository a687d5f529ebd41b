"""The two-level (memory + disk) cache for renders and other derived data.

Build one with `TwoLevelCache.open(directory, memory_bytes=..., disk_bytes=...)` and keys
with `make_key(namespace, *parts)`. See `two_level.py` for the consistency rules and
`disk_tier.py` for how a broken disk is survived.
"""

from .clock import Clock
from .disk_tier import DiskHit, DiskTier
from .keys import canonical_json, make_key, stable_hash
from .memory_tier import MemoryEntry, MemoryTier
from .single_flight import SingleFlight
from .sizing import estimate_size
from .stats import CacheStats, CacheUnhealthy, TierHealth, TierStats
from .two_level import TwoLevelCache

__all__ = [
    "CacheStats",
    "CacheUnhealthy",
    "Clock",
    "DiskHit",
    "DiskTier",
    "MemoryEntry",
    "MemoryTier",
    "SingleFlight",
    "TierHealth",
    "TierStats",
    "TwoLevelCache",
    "canonical_json",
    "estimate_size",
    "make_key",
    "stable_hash",
]
