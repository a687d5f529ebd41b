"""The preview: a web view with no bridge, showing cards the way Anki's reviewer does.

It is a plain QWebEngineView (not an AnkiWebView: no pycmd channel). Its page is the
Card Types screen's shell (gui/preview_shell.py), served by Anki's media server so the
card's media load as in the reviewer, on a fresh off-the-record profile of its own
(gui/preview_profile.py) that allows only the shell, the reviewer's files, our
preview.js and media names. A new note type gets a new page and profile, so nothing a
card stored or left running reaches the next note type.

If the page's render process dies, or the page stops answering (a card script that loops
forever; gui/page_watchdog.py ends its process), the view starts a fresh page, shows the
last card again and emits `recovered(message)` so the dialog can tell the user. A card
that brings the process down MAX_CRASHES times in a row is not shown again.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections import deque
from typing import Any

import aqt
from aqt.mediasrv import PageContext
from aqt.qt import (
    QTimer,
    QUrl,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineView,
    QWidget,
    pyqtSignal,
)
from aqt.utils import aqt_data_path

from ..services.preview import RenderedCard
from .hook_guard import guarded
from .page_watchdog import PageWatchdog
from .preview_profile import preview_profile
from .preview_shell import preview_shell, reviewer_loads_mathjax
from .request_policy import PolicyInterceptor
from .web_guard import is_local_url

log = logging.getLogger(__name__)

DEVICE_WIDTHS = {"phone": 375, "tablet": 768, "desktop": None}
PAINTED = re.compile(r"painted:(\d{1,9})")
#: A card that kills the render process this many times in a row is not shown again.
MAX_CRASHES = 3


@functools.cache
def _mathjax_on_demand() -> bool:
    """Whether this Anki's reviewer.js loads MathJax itself (read once per run)."""
    try:
        reviewer_js = (aqt_data_path() / "web" / "js" / "reviewer.js").read_text()
    except (OSError, UnicodeDecodeError):
        return False  # load it up front, as Card Types does
    return reviewer_loads_mathjax(reviewer_js)


class PreviewPage(QWebEnginePage):
    """Stays on its own page; links in cards do not navigate anywhere."""

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.home: QUrl | None = None
        #: The page's recent console messages (level, text, source, line).
        self.console: deque[tuple[int, str, str, int]] = deque(maxlen=500)

    # A card's alert(), confirm() or prompt() must never open a modal box over the
    # designer (it would block Anki until answered): noted in the console log instead.
    def javaScriptAlert(self, origin: QUrl, message: str | None) -> None:
        self.console.append((1, f"alert(): {message or ''}", origin.toString(), 0))

    def javaScriptConfirm(self, origin: QUrl, message: str | None) -> bool:
        self.console.append((1, f"confirm(): {message or ''}", origin.toString(), 0))
        return False

    def javaScriptPrompt(
        self, origin: QUrl, message: str | None, default: str | None
    ) -> tuple[bool, str]:
        self.console.append((1, f"prompt(): {message or ''}", origin.toString(), 0))
        return False, ""

    def acceptNavigationRequest(self, url: QUrl, nav_type: Any, is_main_frame: bool) -> bool:
        if not is_main_frame:
            return is_local_url(url)
        return self.home is not None and url.matches(
            self.home, QUrl.UrlFormattingOption.RemoveFragment
        )

    def javaScriptConsoleMessage(
        self, level: Any, message: str | None, line: int, source: str | None
    ) -> None:
        # Card scripts are the user's: their console output is not our error.
        self.console.append(
            (int(getattr(level, "value", level)), message or "", source or "", line)
        )
        log.debug("preview console: %s (%s:%d)", message, source, line)


class PreviewView(QWebEngineView):
    """Shows `RenderedCard`s; emits `painted(seq)` once a card is on screen, and
    `recovered(message)` after a crashed or hung page was started afresh."""

    painted = pyqtSignal(int)
    recovered = pyqtSignal(str)

    def __init__(self, addon_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._addon_folder = addon_folder
        self._profile: QWebEngineProfile | None = None
        self._page: PreviewPage | None = None
        self.watchdog: PageWatchdog | None = None
        #: Seconds without an answer that count as a hang (tests shorten it).
        self.hang_after = 6.0
        self.interceptor: PolicyInterceptor | None = None
        self._loaded = False
        self._queued: str | None = None
        self._last_script: str | None = None
        self._notetype_id = 0
        self._crashes = 0
        self._fingerprint = ""
        #: How often the page was started afresh: note type switches and crash recoveries.
        self.starts = 0
        self.recoveries = 0
        self.seq = 0
        self.last_painted = 0
        self._url = QUrl(f"{aqt.mw.serverURL()}_anki/legacyPageData?id={id(self)}")
        aqt.mw.mediaServer.set_page_html(
            id(self),
            preview_shell(
                aqt.mw.serverURL(),
                addon_folder,
                self.font().family(),
                aqt.mw.reviewer.revHtml(),
                mathjax_on_demand=_mathjax_on_demand(),
            ),
            PageContext.PREVIEWER,
        )
        self._start_page()

    def page_id(self) -> int:
        return id(self)

    def _start_page(self) -> None:
        """A new profile and page, loading the shell (the old ones are dropped)."""
        self._drop_page()
        self.starts += 1
        profile, interceptor = preview_profile(
            self, aqt.mw.mediaServer.getPort, self._addon_folder, lambda: {id(self)}
        )
        page = PreviewPage(profile, self)
        page.home = self._url
        page.titleChanged.connect(self._on_title)
        page.loadFinished.connect(self._on_loaded)
        self.watchdog = PageWatchdog(
            page, self._on_page_dead, hang_after=self.hang_after, name="the preview"
        )
        self._profile, self._page, self.interceptor = profile, page, interceptor
        self._loaded = False
        self.setPage(page)
        page.load(self._url)

    def _drop_page(self) -> None:
        page, profile, watchdog = self._page, self._profile, self.watchdog
        self._page = self._profile = self.watchdog = None
        if watchdog is not None:
            watchdog.stop()
        if page is not None:
            page.titleChanged.disconnect(self._on_title)
            page.loadFinished.disconnect(self._on_loaded)
            page.deleteLater()
        if profile is not None:
            # after the page: Qt warns when a profile goes before its pages
            QTimer.singleShot(0, profile.deleteLater)

    def show_card(self, card: RenderedCard) -> int:
        """Display `card`; returns the sequence number `painted` will report."""
        if card.notetype_id and self._notetype_id and card.notetype_id != self._notetype_id:
            log.info("preview: new note type, starting with an empty page and storage")
            self._start_page()
        self._notetype_id = card.notetype_id or self._notetype_id
        self.seq += 1
        content = card.to_json()
        # Crashes count per card: a different card starts again from zero, the card that
        # stopped the page MAX_CRASHES times is not sent again (it would only stop it again).
        fingerprint = json.dumps(content, sort_keys=True, default=str)
        if fingerprint != self._fingerprint:
            self._fingerprint, self._crashes = fingerprint, 0
        elif self._crashes >= MAX_CRASHES:
            log.info("preview: not showing again the card that stopped the preview")
            return self.seq
        payload = {"seq": self.seq, **content}
        script = f"window.atdPreview && window.atdPreview.show({json.dumps(payload)})"
        self._last_script = script
        if self._loaded and self._page is not None:
            self._page.runJavaScript(script)
        else:
            self._queued = script  # only the latest matters
        return self.seq

    def _on_loaded(self, ok: bool) -> None:
        if not ok:
            log.warning("the preview page failed to load")
            return
        self._loaded = True
        if self._queued is not None and self._page is not None:
            self._page.runJavaScript(self._queued)
            self._queued = None

    @guarded("recovering the preview", notify=False)
    def _on_page_dead(self, reason: str) -> None:
        """The watchdog saw the page crash or hang: start afresh with the last card."""
        self._crashes += 1
        self.recoveries += 1
        again = self._crashes < MAX_CRASHES
        log.warning(
            "the preview stopped (%s); reloading%s",
            reason,
            " and showing the card again" if again else " without the card that crashed it",
        )
        self._queued = self._last_script if again else None
        self._start_page()
        self.recovered.emit(
            f"The preview stopped ({reason}) and was reloaded"
            + ("." if again else "; the card that kept stopping it is not shown again.")
        )

    @guarded("reading the preview's paint signal", notify=False)
    def _on_title(self, title: str) -> None:
        # Card scripts can set the title too: only our exact form counts.
        match = PAINTED.fullmatch(title)
        if match:
            seq = int(match.group(1))
            self.last_painted = max(self.last_painted, seq)
            self.painted.emit(seq)

    def console_errors(self) -> list[str]:
        """Error messages the page logged (for diagnostics and tests)."""
        page = self._page
        error: int = getattr(
            QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel, "value", 2
        )
        return [] if page is None else [m for level, m, _s, _l in page.console if level == error]

    def set_device(self, device: str) -> None:
        width = DEVICE_WIDTHS.get(device)
        if width is None:
            self.setMinimumWidth(0)
            self.setMaximumWidth(16777215)
        else:
            self.setFixedWidth(width)

    def render_process_pid(self) -> int:
        return 0 if self._page is None else self._page.renderProcessPid()

    def cleanup(self) -> None:
        aqt.mw.mediaServer.clear_page_html(id(self))
        self._drop_page()
