"""Background work for services: a runner seam (`TaskRunner`) and the `TaskManager`.

Services take a `TaskManager` (or a bare `TaskRunner`) in their constructor; the GUI
layer supplies a Qt runner, tests and tools a `ThreadRunner`.
"""

from .cancel import Cancelled, CancelToken
from .handle import TaskHandle
from .manager import TaskManager
from .outcome import LastGood, Outcome, Priority, Status, TaskNotDone
from .runner import RunnerClosed, TaskRunner
from .stats import TaskStats
from .thread_runner import ThreadRunner

__all__ = [
    "CancelToken",
    "Cancelled",
    "LastGood",
    "Outcome",
    "Priority",
    "RunnerClosed",
    "Status",
    "TaskHandle",
    "TaskManager",
    "TaskNotDone",
    "TaskRunner",
    "TaskStats",
    "ThreadRunner",
]
