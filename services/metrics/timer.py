"""`with metrics.timer("render"):` — the cheapest way to time a block.

A tiny slotted object holding the operation's series: two clock reads and one append.
The elapsed time is recorded even when the block raises (slow failures are still slow),
and the failure is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from .series import Series


class Timing:
    __slots__ = ("_clock_ns", "_on_flip", "_series", "_start")

    def __init__(
        self, series: Series, clock_ns: Callable[[], int], on_flip: Callable[[Series], None]
    ) -> None:
        self._series = series
        self._clock_ns = clock_ns
        self._on_flip = on_flip
        self._start = 0

    def __enter__(self) -> Timing:
        self._start = self._clock_ns()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        series = self._series
        if series.add((self._clock_ns() - self._start) / 1e9):
            self._on_flip(series)
        if exc_type is not None:
            series.add_error()
