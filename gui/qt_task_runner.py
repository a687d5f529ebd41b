"""The TaskRunner services use, on Anki's own machinery: work runs in Anki's background
thread pool through QueryOp (which keeps collection access ordered the way Anki wants),
and results are delivered on the main thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aqt.main import AnkiQt
from aqt.operations import QueryOp

from ..services.tasks import RunnerClosed

T = TypeVar("T")


class QtTaskRunner:
    def __init__(self, mw: AnkiQt) -> None:
        self._mw = mw
        self._closed = False

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        if self._closed:
            raise RunnerClosed("the designer's task runner is closed")

        def start() -> None:
            op: QueryOp[Any] = QueryOp(parent=self._mw, op=lambda _col: fn(), success=on_done)
            op.failure(on_error).run_in_background()

        if threading.current_thread() is threading.main_thread():
            start()
        else:  # QueryOp must be started from the main thread
            self._mw.taskman.run_on_main(start)

    def call_soon(self, callback: Callable[[], None]) -> None:
        self._mw.taskman.run_on_main(callback)

    def close(self) -> None:
        self._closed = True
