"""Pending tasks ordered by priority, then by submission, with O(log n) removal.

Removal (cancel, supersede, timeout) and priority raises are lazy: the entry in the heap
stays and is skipped when popped, so nothing has to search the heap.
"""

from __future__ import annotations

import heapq
from typing import Generic, Protocol, TypeVar


class Queued(Protocol):
    sequence: int
    priority: int
    queued: bool


Q = TypeVar("Q", bound=Queued)


class PendingQueue(Generic[Q]):
    def __init__(self) -> None:
        self._heap: list[tuple[int, int, Q]] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def push(self, item: Q) -> None:
        item.queued = True
        self._size += 1
        heapq.heappush(self._heap, (item.priority, item.sequence, item))

    def raise_priority(self, item: Q, priority: int) -> None:
        """Move a queued item up; its old heap entry becomes stale."""
        if item.queued and priority < item.priority:
            item.priority = priority
            heapq.heappush(self._heap, (priority, item.sequence, item))

    def discard(self, item: Q) -> bool:
        if not item.queued:
            return False
        item.queued = False
        self._size -= 1
        return True

    def pop(self) -> Q | None:
        while self._heap:
            priority, _sequence, item = heapq.heappop(self._heap)
            if item.queued and priority == item.priority:
                item.queued = False
                self._size -= 1
                return item
        return None

    def drain(self) -> list[Q]:
        items = []
        while (item := self.pop()) is not None:
            items.append(item)
        return items
