"""Resident memory of this process and its children (QtWebEngine renders in child
processes, so the designer's real cost is the sum). Linux /proc only; None elsewhere."""

from __future__ import annotations

import os
from pathlib import Path


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


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


def tree_rss_mib(pid: int | None = None) -> float | None:
    if not Path("/proc/self/status").exists():
        return None
    root = pid or os.getpid()
    total, todo = 0, [root]
    while todo:
        current = todo.pop()
        total += _rss_kib(current)
        todo.extend(_children(current))
    return total / 1024
