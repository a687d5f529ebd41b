"""A bridge method's slow work on the task manager: off Anki's main thread, answered
later through a `Deferred` (its value, or the job's error; a job that ends early is an
error naming what it was)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...sdk.bridge import Deferred
from ...sdk.errors import DesignerError
from .manager import TaskManager
from .outcome import Outcome, Priority, Status


def run_deferred(
    tasks: TaskManager, work: Callable[[], Any], *, key: str | None = None, what: str = "the job"
) -> Deferred:
    """Run `work` in the background; jobs with one `key` join (see TaskManager.submit)."""
    deferred = Deferred()

    def settled(outcome: Outcome[Any]) -> None:
        if outcome.status is Status.DONE:
            deferred.resolve(outcome.value)
        elif outcome.error is not None:
            deferred.reject(outcome.error)
        else:
            deferred.reject(DesignerError(f"{what} ended early ({outcome.status.name.lower()})"))

    tasks.submit(lambda _token: work(), key=key, priority=Priority.INTERACTIVE, on_outcome=settled)
    return deferred
