"""Notices when a web page's render process dies or stops answering.

Chromium runs each page's scripts in a render process. When it crashes (or is killed
for memory) the view stays blank; when a script loops, the page never answers again. The
watchdog reports either to its owner, which reloads the page and restores what the user
had (issue #11: "< 5 s error recovery"); the designer dialog watches its page, the
preview view its own:

* a crash arrives as `renderProcessTerminated`;
* a hang is a heartbeat (`runJavaScript("1")`) that gets no answer for `hang_after`
  seconds (6 s: opening a big note type on a slow machine can block the page for a few
  seconds, which is not a hang) while the page is loaded; the watchdog then ends the
  render process itself, so the reload gets a fresh one.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable

from aqt.qt import QObject, QTimer, QWebEnginePage

log = logging.getLogger(__name__)


class PageWatchdog(QObject):
    def __init__(
        self,
        page: QWebEnginePage,
        on_dead: Callable[[str], None],
        *,
        beat_ms: int = 1000,
        hang_after: float = 6.0,
        name: str = "the designer page",
    ) -> None:
        super().__init__(page)
        #: How log lines name the page ("the designer page", "the preview").
        self.name = name
        self._page = page
        self._on_dead = on_dead
        #: Seconds without an answer that count as a hang.
        self.hang_after = hang_after
        self._last_answer = self._last_beat = time.monotonic()
        self._beat_s = beat_ms / 1000
        # A page loaded before it was watched (a warm page, gui/warm_page.py) is armed now.
        self._armed = not page.isLoading() and not page.url().isEmpty()
        self._reported = False
        page.renderProcessTerminated.connect(self._terminated)
        page.loadFinished.connect(self._loaded)
        self._timer = QTimer(self)
        self._timer.setInterval(beat_ms)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _loaded(self, ok: bool) -> None:
        self._last_answer = time.monotonic()
        self._armed = ok
        self._reported = False

    def _answered(self, _value: object) -> None:
        self._last_answer = time.monotonic()

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self._last_beat > 3 * self._beat_s:
            # Python itself was busy (a long operation on the main thread): the page had
            # no chance to answer, so the silence does not count.
            self._last_answer = now
        self._last_beat = now
        if not self._armed or self._reported:
            return
        if now - self._last_answer > self.hang_after:
            self._hung()
            return
        self._page.runJavaScript("1", self._answered)

    def _hung(self) -> None:
        silent = time.monotonic() - self._last_answer
        log.warning("%s has not answered for %.1f s; restarting it", self.name, silent)
        self._report(f"the page stopped answering for {silent:.0f} s")
        pid = self._page.renderProcessPid()
        if pid > 0 and pid != os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError as error:
                log.warning("could not end the hung render process %d: %s", pid, error)

    def _terminated(self, status: object, exit_code: int) -> None:
        name = getattr(status, "name", str(status))
        log.warning("%s's render process ended (%s, exit code %d)", self.name, name, exit_code)
        self._report(f"its render process ended ({name})")

    def _report(self, reason: str) -> None:
        if self._reported:
            return
        self._reported = True
        self._armed = False
        # Let Qt finish with the dead process before the owner reloads the page.
        QTimer.singleShot(0, lambda: self._on_dead(reason))

    def stop(self) -> None:
        self._timer.stop()
        self._armed = False
