"""How long to wait before retrying a failed sync: exponential (5 s doubling, at most
15 min) with full jitter in the upper half (so machines that failed together do not retry
together), the random source injectable for tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    first: float = 5.0
    cap: float = 900.0
    jitter: float = 0.5  # the delay is between (1 - jitter) and 1 times the exponential one
    rand: Callable[[], float] = field(default=random.random, repr=False)

    def ceiling(self, failures: int) -> float:
        """The delay without jitter after `failures` failures in a row (1 or more)."""
        return min(self.cap, self.first * 2.0 ** max(0, failures - 1))

    def delay(self, failures: int) -> float:
        top = self.ceiling(failures)
        return top * (1.0 - self.jitter * self.rand())
