"""What a caller gets back from the task manager: one outcome per request, never silence.

Every submitted request ends in exactly one `Outcome`, so the UI never waits for a reply
that will not come. Only DONE carries a value; for requests in a coalesce group the other
outcomes carry the group's last good result, which the preview shows marked as stale.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Priority(enum.IntEnum):
    """Lower runs first; within a priority, requests run in submission order."""

    INTERACTIVE = 0
    BACKGROUND = 1


class Status(enum.Enum):
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    SUPERSEDED = "superseded"  # a newer request of the same coalesce group replaced it
    REJECTED = "rejected"  # the queue was full


@dataclass(frozen=True)
class LastGood:
    """The newest successful result of a coalesce group, and when it was produced."""

    value: Any
    key: Hashable | None
    finished_at: float
    sequence: int


class TaskNotDone(RuntimeError):
    """`Outcome.unwrap()` on an outcome that carries no value."""

    def __init__(self, outcome: Outcome[Any]) -> None:
        super().__init__(f"task ended {outcome.status.value}")
        self.outcome = outcome


@dataclass(frozen=True)
class Outcome(Generic[T]):
    status: Status
    value: T | None = None
    error: BaseException | None = None
    last_good: LastGood | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.DONE

    def unwrap(self) -> T:
        """The value; re-raises the task's error if it failed, TaskNotDone otherwise."""
        if self.status is Status.DONE:
            return cast(T, self.value)
        if self.status is Status.FAILED and self.error is not None:
            raise self.error
        raise TaskNotDone(self)
