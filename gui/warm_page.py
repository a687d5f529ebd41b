"""One designer page (and its preview) loaded ahead of time, so opening the designer
starts at the note type.

Loading the designer page (1.2 MB of script) and starting GrapesJS took about 250 ms of a
650 ms open in `bench/bench_canvas.py`, before any work on the note type could begin. A
page loaded while nobody waits (a little after the profile opens, and again after the
designer closes) takes that off the open: the dialog adopts the warm view and only opens
the note type. The preview beside it (its own page on its own off-the-record profile,
loading Anki's reviewer scripts) is made ahead the same way: it shows nothing until the
dialog sends it a card. The page has no bridge until a dialog adopts it (`DesignerWebView.attach`),
so a warm page can do nothing but wait. It is hidden, so the renderer keeps it idle; its
memory is the price (figures in bench/bench_designer.py). `warm_start: false` in the config
turns it off.
"""

from __future__ import annotations

import logging

import aqt
from aqt.qt import QWidget

from .designer_view import DesignerWebView, designer_page_url
from .hook_guard import guarded
from .preview_view import PreviewView

log = logging.getLogger(__name__)

#: After a profile opens, wait this long before loading the page: Anki's own start first.
PROFILE_OPEN_DELAY_MS = 2000
#: After the designer closes: let its teardown finish first.
AFTER_CLOSE_DELAY_MS = 300


class WarmDesignerPage:
    def __init__(self, addon_folder: str) -> None:
        self.addon_folder = addon_folder
        self.enabled = True
        self._view: DesignerWebView | None = None
        self._preview: PreviewView | None = None
        self._pending = False
        #: Bumped by close(): a timer set before it does nothing.
        self._generation = 0

    @property
    def ready(self) -> bool:
        """A warm view is waiting (loaded or still loading)."""
        return self._view is not None

    def prepare_later(self, delay_ms: int) -> None:
        """Load a warm page after `delay_ms` unless one is there or one is coming."""
        if not self.enabled or self._view is not None or self._pending:
            return
        self._pending = True
        generation = self._generation
        aqt.mw.progress.single_shot(
            delay_ms, lambda: self._prepare(generation), requires_collection=False
        )

    @guarded("preparing the designer page", notify=False)
    def _prepare(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._pending = False
        if not self.enabled or self._view is not None or aqt.mw.col is None:
            return
        view = DesignerWebView(None)
        view.load_page(designer_page_url(self.addon_folder))
        view.eval("window.atd.prewarm()")  # Anki runs it once the page is parsed
        self._view = view
        self._preview = PreviewView(self.addon_folder, None)
        # A waiting page whose process ends (killed for memory) is not handed to a dialog.
        view.page().renderProcessTerminated.connect(lambda *_: self._lost(view))
        log.debug("designer page warming")

    def take(self, parent: QWidget) -> tuple[DesignerWebView, PreviewView] | None:
        """The warm designer view and preview, now `parent`'s (the caller attaches the
        bridge), or None."""
        view, preview = self._view, self._preview
        self._view = self._preview = None
        if view is None or preview is None:
            return None
        view.setParent(parent)
        preview.setParent(parent)
        return view, preview

    @guarded("replacing a warm designer page that stopped", notify=False)
    def _lost(self, view: DesignerWebView) -> None:
        if view is not self._view:
            return  # adopted by a dialog already: its own watchdog takes over
        log.info("the warm designer page stopped while waiting; loading another")
        self.close()
        self.prepare_later(AFTER_CLOSE_DELAY_MS)

    def close(self) -> None:
        """Profile close, or turned off: free the page."""
        self._generation += 1
        self._pending = False
        view, preview = self._view, self._preview
        self._view = self._preview = None
        if view is not None:
            view.cleanup()
            view.deleteLater()
        if preview is not None:
            preview.cleanup()
            preview.deleteLater()
