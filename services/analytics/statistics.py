"""Robust statistics and significance tests in pure Python (no numpy inside Anki).

* `mann_whitney_u`: two independent samples, normal approximation with tie correction
  and continuity correction (valid from about 20 values per side; callers ask for more).
* `two_proportions`: pooled two-proportion z-test (pass rates before and after).
* `median`, `mad` (scaled to match a standard deviation under normality) and
  `ewma` for anomaly detection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: 1 / Φ⁻¹(3/4): makes the MAD estimate the standard deviation of normal data.
MAD_SCALE = 1.482602218505602


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def mad(values: Sequence[float]) -> float:
    centre = median(values)
    return MAD_SCALE * median([abs(v - centre) for v in values])


def ewma(values: Sequence[float], alpha: float) -> list[float]:
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    smoothed: list[float] = []
    for value in values:
        smoothed.append(value if not smoothed else alpha * value + (1 - alpha) * smoothed[-1])
    return smoothed


def _two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class TestResult:
    statistic: float
    z: float
    p_value: float


def mann_whitney_u(first: Sequence[float], second: Sequence[float]) -> TestResult:
    """U of the first sample, z and the two-sided p-value."""
    n1, n2 = len(first), len(second)
    if n1 == 0 or n2 == 0:
        raise ValueError("both samples need values")
    pooled = sorted([(v, 0) for v in first] + [(v, 1) for v in second])
    rank_sum_first = 0.0
    tie_term = 0.0
    index = 0
    n = n1 + n2
    while index < n:
        end = index
        while end + 1 < n and pooled[end + 1][0] == pooled[index][0]:
            end += 1
        rank = (index + end) / 2 + 1  # mean of 1-based ranks index+1..end+1
        ties = end - index + 1
        tie_term += ties**3 - ties
        rank_sum_first += rank * sum(1 for k in range(index, end + 1) if pooled[k][1] == 0)
        index = end + 1
    u = rank_sum_first - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))) if n > 1 else 0.0
    if variance <= 0:
        return TestResult(u, 0.0, 1.0)
    difference = u - mean
    corrected = max(0.0, abs(difference) - 0.5)  # continuity correction
    z = math.copysign(corrected / math.sqrt(variance), difference)
    return TestResult(u, z, _two_sided_p(z))


def two_proportions(successes_a: int, total_a: int, successes_b: int, total_b: int) -> TestResult:
    if total_a == 0 or total_b == 0:
        raise ValueError("both groups need trials")
    pooled = (successes_a + successes_b) / (total_a + total_b)
    variance = pooled * (1 - pooled) * (1 / total_a + 1 / total_b)
    difference = successes_b / total_b - successes_a / total_a
    if variance <= 0:
        return TestResult(difference, 0.0, 1.0)
    z = difference / math.sqrt(variance)
    return TestResult(difference, z, _two_sided_p(z))
