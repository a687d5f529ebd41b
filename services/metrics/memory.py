"""How much memory this process uses, wherever Anki runs.

Linux: the current resident set from /proc/self/statm (pages x page size). Elsewhere
(macOS, BSD) only `resource.getrusage`'s ru_maxrss is available, which is the PEAK
resident set since the process started, never the current one, so it is reported as
`peak_rss_bytes` and `rss_bytes` stays None. (Linux updates that high-water mark lazily,
so it can even read a little below the current statm figure.) Windows has neither: both are None. A
metrics dashboard must show "unknown" there rather than crash.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

try:
    _resource: ModuleType | None = importlib.import_module("resource")
except ImportError:  # Windows has no `resource` module
    _resource = None

STATM = Path("/proc/self/statm")


@dataclass(frozen=True)
class MemorySample:
    taken_at: float
    rss_bytes: int | None  # current resident set; None where the platform cannot say
    peak_rss_bytes: int | None  # highest resident set so far (getrusage); None if unknown
    source: str  # "statm", "getrusage", "statm+getrusage" or "unavailable"


def _page_size() -> int | None:
    try:
        return int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows) or no such name
        return None


class MemoryProbe:
    """Reads the numbers; paths and switches are injectable so tests can cover each case."""

    def __init__(self, statm: Path | None = STATM, *, use_getrusage: bool = True) -> None:
        self._statm = statm
        self._page_size = _page_size()
        self._use_getrusage = use_getrusage and _resource is not None

    def current_rss(self) -> int | None:
        if self._statm is None or self._page_size is None:
            return None
        try:
            fields = self._statm.read_text(encoding="ascii").split()
            return int(fields[1]) * self._page_size
        except (OSError, IndexError, ValueError):  # not Linux, or an unexpected format
            return None

    def peak_rss(self) -> int | None:
        if not self._use_getrusage or _resource is None:
            return None
        maxrss = int(_resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss)
        # Bytes on macOS, kibibytes on Linux and the BSDs.
        return maxrss if sys.platform == "darwin" else maxrss * 1024

    def sample(self, now: float) -> MemorySample:
        rss, peak = self.current_rss(), self.peak_rss()
        sources = [name for name, got in (("statm", rss), ("getrusage", peak)) if got is not None]
        return MemorySample(now, rss, peak, "+".join(sources) or "unavailable")
