"""How many bytes a cached value counts for in the memory tier's budget.

The memory tier is bounded by bytes, not entries, because cached values range from a
few bytes (a validation flag) to hundreds of KiB (a rendered preview). The estimate must
be cheap and deterministic rather than exact: `len` for text and bytes (one unit per
character for `str`, which undercounts non-ASCII text but never needs an encode), the
length of the pickle for anything else, which is also what the value costs on disk.
"""

from __future__ import annotations

import pickle
import sys
from typing import Any

PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


def estimate_size(value: Any) -> int:
    """Bytes `value` is charged for; at least 1 so that every entry costs something."""
    if isinstance(value, (bytes, bytearray, memoryview, str)):
        return max(1, len(value))
    try:
        return max(1, len(pickle.dumps(value, PICKLE_PROTOCOL)))
    except (pickle.PicklingError, TypeError, AttributeError):
        # Memory-only values need not be picklable; a shallow size is better than none.
        return max(1, sys.getsizeof(value))
