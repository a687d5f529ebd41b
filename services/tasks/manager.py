"""Background work for services: priorities, de-duplication, coalescing, timeouts.

The designer asks for the same things over and over while the user types: a preview of
the current draft, a validation, a thumbnail. The manager makes that cheap and orderly:

* INTERACTIVE requests run before BACKGROUND ones; at most `max_concurrency` run at once
  (a running task keeps its slot until its function returns, even after a timeout,
  because Python cannot stop it and the bound protects the collection and the CPU).
* A request with the same `key` as one queued or running joins it: one execution, every
  caller gets the outcome.
* In a coalesce `group` (e.g. "preview") a new request supersedes the group's queued one,
  so after a burst of keystrokes only the latest request runs.
* `timeout` counts from submission: the caller hears TIMED_OUT at the deadline (queued
  work is dropped, running work is told through its cancel token) and can show the
  group's `last_good` result, marked stale.
* Every request ends in exactly one `Outcome`, delivered through `runner.call_soon`
  (Anki's main thread in the app). No callback ever runs under the manager's lock.
"""

from __future__ import annotations

import functools
import heapq
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from .cancel import Cancelled, CancelToken
from .handle import TaskHandle
from .outcome import LastGood, Outcome, Priority, Status
from .runner import TaskRunner
from .stats import TaskStats
from .task_queue import PendingQueue
from .watchdog import Watchdog

T = TypeVar("T")

log = logging.getLogger(__name__)

OutcomeCallback = Callable[[Outcome[T]], None]


class _Subscriber(Generic[T]):
    __slots__ = ("handle", "on_outcome")

    def __init__(self, handle: TaskHandle[T], on_outcome: OutcomeCallback[T] | None) -> None:
        self.handle = handle
        self.on_outcome = on_outcome


class _Task:
    """One execution, shared by every request (subscriber) that asked for it."""

    def __init__(
        self,
        sequence: int,
        fn: Callable[[CancelToken], Any],
        *,
        priority: int,
        key: Hashable | None,
        group: str | None,
        deadline: float | None,
    ) -> None:
        self.sequence = sequence
        self.priority = priority
        self.queued = False
        self.fn = fn
        self.key = key
        self.group = group
        self.deadline = deadline
        self.token = CancelToken()
        self.started = False
        self.ended = False
        self.executing = False
        self.subscribers: list[_Subscriber[Any]] = []


_Delivery = tuple[_Subscriber[Any], Outcome[Any]]


class TaskManager:
    def __init__(
        self,
        runner: TaskRunner,
        *,
        max_concurrency: int = 2,
        max_queued: int = 256,
        clock: Callable[[], float] = time.monotonic,
        watchdog_max_sleep: float = 0.25,
    ) -> None:
        if max_concurrency < 1 or max_queued < 1:
            raise ValueError("max_concurrency and max_queued must be at least 1")
        self._runner = runner
        self.max_concurrency = max_concurrency
        self.max_queued = max_queued
        self._clock = clock
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queue: PendingQueue[_Task] = PendingQueue()
        self._inflight: dict[Hashable, _Task] = {}
        self._group_queued: dict[str, _Task] = {}
        self._last_good: dict[str, LastGood] = {}
        self._owners: dict[TaskHandle[Any], _Task] = {}
        self._executing: set[_Task] = set()
        self._deadlines: list[tuple[float, int, _Task]] = []
        self._sequence = 0
        self._closed = False
        self._submitted = self._deduplicated = self._late_results = 0
        self._outcomes: dict[Status, int] = dict.fromkeys(Status, 0)
        self._watchdog = Watchdog(
            self.check_timeouts, max_sleep=watchdog_max_sleep, name="atd-task-watchdog"
        )

    # -- submitting -----------------------------------------------------------------------

    def submit(
        self,
        fn: Callable[[CancelToken], T],
        *,
        key: Hashable | None = None,
        priority: Priority = Priority.BACKGROUND,
        group: str | None = None,
        timeout: float | None = None,
        on_outcome: OutcomeCallback[T] | None = None,
    ) -> TaskHandle[T]:
        """Queue `fn(token)`; its outcome resolves the handle and is passed to `on_outcome`.

        A request whose `key` is already queued or running joins that task (and raises
        its priority if needed; the task keeps its first deadline).
        """
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be positive or None, got {timeout}")
        handle: TaskHandle[T] = TaskHandle(self._cancel)
        subscriber = _Subscriber(handle, on_outcome)
        deliveries: list[_Delivery] = []
        startable: list[_Task] = []
        with self._lock:
            self._submitted += 1
            joined = self._inflight.get(key) if key is not None else None
            if self._closed:
                self._add(deliveries, subscriber, self._outcome(Status.CANCELLED, group))
            elif joined is not None:
                self._deduplicated += 1
                joined.subscribers.append(subscriber)
                self._owners[handle] = joined
                self._queue.raise_priority(joined, priority)
            else:
                self._sequence += 1
                deadline = None if timeout is None else self._clock() + timeout
                task = _Task(
                    self._sequence, fn, priority=priority, key=key, group=group, deadline=deadline
                )
                task.subscribers.append(subscriber)
                if group is not None and group in self._group_queued:
                    self._end(self._group_queued[group], Status.SUPERSEDED, deliveries)
                if len(self._queue) >= self.max_queued:
                    self._end(task, Status.REJECTED, deliveries)
                else:
                    self._enqueue(task, handle)
                    startable = self._take_startable()
        self._deliver(deliveries)
        self._start(startable)
        if timeout is not None:
            self._watchdog.poke()
        return handle

    def _enqueue(self, task: _Task, handle: TaskHandle[Any]) -> None:
        self._owners[handle] = task
        if task.key is not None:
            self._inflight[task.key] = task
        if task.group is not None:
            self._group_queued[task.group] = task
        if task.deadline is not None:
            heapq.heappush(self._deadlines, (task.deadline, task.sequence, task))
        self._queue.push(task)

    # -- running --------------------------------------------------------------------------

    def _take_startable(self) -> list[_Task]:
        """Pop what fits in the free slots; the caller starts them after unlocking."""
        startable = []
        while len(self._executing) < self.max_concurrency:
            task = self._queue.pop()
            if task is None:
                break
            task.started = task.executing = True
            self._executing.add(task)
            if task.group is not None and self._group_queued.get(task.group) is task:
                del self._group_queued[task.group]
            startable.append(task)
        return startable

    def _start(self, tasks: list[_Task]) -> None:
        for task in tasks:
            try:
                self._runner.submit(
                    functools.partial(self._execute, task),
                    functools.partial(self._succeeded, task),
                    functools.partial(self._finished, task, None),
                )
            except Exception as error:  # noqa: BLE001 - e.g. RunnerClosed: the task's result
                self._finished(task, None, error)

    @staticmethod
    def _execute(task: _Task) -> Any:
        task.token.raise_if_cancelled()  # cancelled between dispatch and start
        return task.fn(task.token)

    def _succeeded(self, task: _Task, value: Any) -> None:
        self._finished(task, value, None)

    def _finished(self, task: _Task, value: Any, error: Exception | None) -> None:
        deliveries: list[_Delivery] = []
        with self._lock:
            task.executing = False
            self._executing.discard(task)
            if task.ended:
                self._late_results += 1
            elif isinstance(error, Cancelled):
                self._end(task, Status.CANCELLED, deliveries)
            elif error is not None:
                self._end(task, Status.FAILED, deliveries, error=error)
            else:
                if task.group is not None:
                    current = self._last_good.get(task.group)
                    if current is None or current.sequence < task.sequence:
                        self._last_good[task.group] = LastGood(
                            value, task.key, self._clock(), task.sequence
                        )
                self._end(task, Status.DONE, deliveries, value=value)
            startable = [] if self._closed else self._take_startable()
            if not self._executing:
                self._idle.notify_all()
        self._deliver(deliveries)
        self._start(startable)

    # -- ending ---------------------------------------------------------------------------

    def _end(
        self,
        task: _Task,
        status: Status,
        deliveries: list[_Delivery],
        *,
        value: Any = None,
        error: BaseException | None = None,
    ) -> None:
        """Resolve every request of `task` with `status`; the caller holds the lock."""
        task.ended = True
        self._queue.discard(task)
        if task.executing and status not in (Status.DONE, Status.FAILED):
            task.token.cancel()
        if task.key is not None and self._inflight.get(task.key) is task:
            del self._inflight[task.key]
        if task.group is not None and self._group_queued.get(task.group) is task:
            del self._group_queued[task.group]
        if status is Status.DONE:
            outcome: Outcome[Any] = Outcome(status, value=value)
        else:
            outcome = self._outcome(status, task.group, error)
        for subscriber in task.subscribers:
            self._owners.pop(subscriber.handle, None)
            self._add(deliveries, subscriber, outcome)
        task.subscribers.clear()

    def _outcome(
        self, status: Status, group: str | None, error: BaseException | None = None
    ) -> Outcome[Any]:
        last_good = None if group is None else self._last_good.get(group)
        return Outcome(status, error=error, last_good=last_good)

    def _add(
        self, deliveries: list[_Delivery], subscriber: _Subscriber[Any], outcome: Outcome[Any]
    ) -> None:
        self._outcomes[outcome.status] += 1
        deliveries.append((subscriber, outcome))

    def _deliver(self, deliveries: list[_Delivery]) -> None:
        for subscriber, outcome in deliveries:
            if subscriber.handle._resolve(outcome) and subscriber.on_outcome is not None:
                callback = subscriber.on_outcome
                self._runner.call_soon(functools.partial(_safe_call, callback, outcome))

    def _cancel(self, handle: TaskHandle[Any]) -> bool:
        deliveries: list[_Delivery] = []
        with self._lock:
            task = self._owners.pop(handle, None)
            if task is None:
                return False
            subscriber = next(s for s in task.subscribers if s.handle is handle)
            task.subscribers.remove(subscriber)
            self._add(deliveries, subscriber, self._outcome(Status.CANCELLED, task.group))
            if not task.subscribers:  # nobody else wants it: stop or drop the work
                self._end(task, Status.CANCELLED, deliveries)
        self._deliver(deliveries)
        return True

    def check_timeouts(self) -> float | None:
        """End requests whose deadline has passed; returns seconds until the next deadline.

        Called by the watchdog thread; tests with a fake clock call it directly."""
        deliveries: list[_Delivery] = []
        with self._lock:
            now = self._clock()
            while self._deadlines and (self._deadlines[0][0] <= now or self._deadlines[0][2].ended):
                _deadline, _sequence, task = heapq.heappop(self._deadlines)
                if not task.ended:
                    self._end(task, Status.TIMED_OUT, deliveries)
            remaining = self._deadlines[0][0] - now if self._deadlines else None
        self._deliver(deliveries)
        return remaining

    # -- reporting and lifetime -----------------------------------------------------------

    def last_good(self, group: str) -> LastGood | None:
        """The newest successful result of `group`, to show (as stale) while a newer one
        is pending, failed or timed out."""
        with self._lock:
            return self._last_good.get(group)

    @property
    def queue_depth(self) -> int:
        with self._lock:
            return len(self._queue)

    def stats(self) -> TaskStats:
        with self._lock:
            return TaskStats(
                queued=len(self._queue),
                running=len(self._executing),
                max_concurrency=self.max_concurrency,
                max_queued=self.max_queued,
                submitted=self._submitted,
                deduplicated=self._deduplicated,
                late_results=self._late_results,
                outcomes={status.value: count for status, count in self._outcomes.items()},
            )

    def close(self, timeout: float = 5.0) -> bool:
        """Cancel queued and running requests, then wait up to `timeout` seconds for
        running functions to return. True if none is still running. The runner is not
        closed: it is a separate service with its own `close`."""
        deliveries: list[_Delivery] = []
        with self._lock:
            self._closed = True
            for task in self._queue.drain():
                self._end(task, Status.CANCELLED, deliveries)
            for task in list(self._executing):
                if not task.ended:
                    self._end(task, Status.CANCELLED, deliveries)
        self._deliver(deliveries)
        deadline = time.monotonic() + timeout
        self._watchdog.stop(timeout)
        with self._lock:
            while self._executing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    log.warning("%d task(s) still running at shutdown", len(self._executing))
                    return False
                self._idle.wait(remaining)
        return True


def _safe_call(callback: Callable[[Outcome[Any]], None], outcome: Outcome[Any]) -> None:
    try:
        callback(outcome)
    except Exception:  # a caller's bug must not break delivery to the others: log it
        log.exception("task outcome callback failed")
