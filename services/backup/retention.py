"""Which snapshots a prune keeps: the last N, and the newest of each of the last N days,
weeks and months, as Anki keeps its own backups (its defaults: 12 daily, 10 weekly,
9 monthly). A snapshot kept for any rule is kept. Days are the user's local days."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .store import Snapshot


@dataclass(frozen=True)
class Retention:
    last: int = 10
    daily: int = 12
    weekly: int = 10
    monthly: int = 9

    def __post_init__(self) -> None:
        for rule in ("last", "daily", "weekly", "monthly"):
            if getattr(self, rule) < 0:
                raise ValueError(f"keep-{rule} cannot be negative")
        if not (self.last or self.daily or self.weekly or self.monthly):
            raise ValueError("a retention that keeps nothing would delete every backup")


def _day(t: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(t))


def _week(t: float) -> str:
    return time.strftime("%G-W%V", time.localtime(t))


def _month(t: float) -> str:
    return time.strftime("%Y-%m", time.localtime(t))


def choose(
    snapshots: Sequence[Snapshot], retention: Retention
) -> tuple[dict[str, list[str]], list[Snapshot]]:
    """(kept snapshot id -> the rules that keep it, the snapshots to forget)."""
    newest_first = sorted(snapshots, key=lambda s: (s.time, s.id), reverse=True)
    kept: dict[str, list[str]] = {}
    for snapshot in newest_first[: retention.last]:
        kept.setdefault(snapshot.id, []).append("last")
    buckets: list[tuple[str, int, Callable[[float], str]]] = [
        ("daily", retention.daily, _day),
        ("weekly", retention.weekly, _week),
        ("monthly", retention.monthly, _month),
    ]
    for rule, count, period in buckets:
        seen: list[str] = []
        for snapshot in newest_first:
            key = period(snapshot.time)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.setdefault(snapshot.id, []).append(rule)
    return kept, [s for s in newest_first if s.id not in kept]
