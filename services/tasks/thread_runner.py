"""A `TaskRunner` on plain daemon threads, for tests and for use outside Qt.

Own threads rather than `concurrent.futures.ThreadPoolExecutor`: the executor's workers
are joined at interpreter exit, so one hung task would hang Anki on quit, and its
shutdown cannot wait with a timeout. Callbacks run on the worker thread that ran the work;
`call_soon` runs its callback at once on the calling thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from .cancel import Cancelled
from .runner import RunnerClosed

log = logging.getLogger(__name__)

_Job = tuple[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]]
_STOP = None


class ThreadRunner:
    """`max_workers` daemon threads, started on first use, fed from one FIFO queue."""

    def __init__(self, max_workers: int = 2, *, name: str = "atd-task") -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self.max_workers = max_workers
        self._name = name
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        with self._lock:
            if self._closed:
                raise RunnerClosed("the task runner is closed")
            if len(self._threads) < self.max_workers:
                self._start_worker()
            self._queue.put((fn, on_done, on_error))

    def call_soon(self, callback: Callable[[], None]) -> None:
        callback()

    def _start_worker(self) -> None:
        thread = threading.Thread(
            target=self._work, name=f"{self._name}-{len(self._threads) + 1}", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            fn, on_done, on_error = job
            try:
                result = fn()
            except Exception as error:  # noqa: BLE001 - the error is the task's result
                _deliver(on_error, error)
            else:
                _deliver(on_done, result)

    def close(self, timeout: float = 5.0) -> bool:
        """Drop queued work (its `on_error` gets `Cancelled`), stop the workers and wait
        up to `timeout` seconds for running work. True if every worker ended."""
        with self._lock:
            if self._closed:
                return not any(t.is_alive() for t in self._threads)
            self._closed = True
            threads = list(self._threads)
        dropped: list[_Job] = []
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not _STOP:
                dropped.append(job)
        for _fn, _on_done, on_error in dropped:
            _deliver(on_error, Cancelled("the task runner closed before the task started"))
        for _ in threads:
            self._queue.put(_STOP)
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            log.warning("task threads still running after %.1f s: %s", timeout, alive)
        return not alive


def _deliver(callback: Callable[[Any], None], argument: Any) -> None:
    try:
        callback(argument)
    except Exception:  # a failing callback must not kill the worker: log it instead
        log.exception("task callback failed")
