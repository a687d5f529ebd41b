"""Percentiles by the nearest-rank definition.

p-th percentile of n sorted samples = the sample at 1-based rank ceil(p/100 * n): the
smallest sample such that at least p % of the samples are less than or equal to it.
It always returns a time that was really measured (no interpolation between two calls),
and for the samples 1..100 gives p50 = 50, p95 = 95, p99 = 99.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DEFINITION = "nearest-rank: the sample at rank ceil(p/100 * n) of the last `window` samples"
REPORTED = (50.0, 95.0, 99.0)


def nearest_rank(sorted_samples: Sequence[float], percentile: float) -> float | None:
    """The `percentile` (0 < p <= 100) of already sorted samples; None if there are none."""
    if not 0 < percentile <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {percentile}")
    if not sorted_samples:
        return None
    rank = math.ceil(percentile / 100 * len(sorted_samples))
    return sorted_samples[max(rank, 1) - 1]
