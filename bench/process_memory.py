"""Memory of this process and its children (QtWebEngine renders in child processes, so
the designer's real cost is the sum). Linux /proc only; None elsewhere.

PSS (proportional set size) is summed rather than RSS: every QtWebEngine process maps the
same ~50 MB of shared libraries, which RSS would count once per process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def _kib(pid: int, field: str, source: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kib(pid: int) -> int:
    return _kib(pid, "VmRSS:", "status")


def _pss_kib(pid: int) -> int:
    return _kib(pid, "Pss:", "smaps_rollup")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found.append(int(entry.name))
    return found


def _tree_mib(measure: Callable[[int], int], pid: int | None) -> float | None:
    if not Path("/proc/self/status").exists():
        return None
    total, todo = 0, [pid or os.getpid()]
    while todo:
        current = todo.pop()
        total += measure(current)
        todo.extend(_children(current))
    return total / 1024


def tree_rss_mib(pid: int | None = None) -> float | None:
    return _tree_mib(_rss_kib, pid)


def tree_pss_mib(pid: int | None = None) -> float | None:
    return _tree_mib(_pss_kib, pid)
