"""The example plugins in a real Anki: installed in user_files/plugins/ before the profile
opens (conftest.py), found and started by the add-on, and used through the real page: the
AnkiDroid lint's finding is in the Problems list, located; the HTML gallery is offered in
the Export… menu and writes a file with every card type's rendered text and nothing that
runs or loads, checked by opening it in QtWebEngine next to a server that counts requests.
One designer window serves the whole module."""

import http.server
import sys
import threading
from pathlib import Path

import pytest
from aqt.qt import QApplication, QTimer, QUrl
from conftest import ADDON_FOLDER
from test_editing_in_anki import close_discarding

from anki_harness import pump, wait_until
from designer_driver import click, js, open_from_menu, open_notetype, set_code

NOTETYPE = "Basic (and reversed card)"  # two card types, two notes in the demo collection
STATUS = "document.getElementById('status').textContent"


class CountingServer:
    """A real HTTP server on 127.0.0.1 that records every path asked for."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server():
    running = CountingServer()
    yield running
    running.close()


def hostile_front(url):
    return (
        "{{Front}}\n"
        f"<script>pycmd('ans'); new Image().src = '{url}/script-ran';</script>\n"
        f'<img src="{url}/img.png" onerror="this.src=\'{url}/onerror\'">\n'
        f'<a href="javascript:alert(1)" style="background: url({url}/bg.png)">link</a>'
    )


@pytest.fixture(scope="module")
def designer(mw, server):
    manager = sys.modules[f"{ADDON_FOLDER}.services.plugins"].PluginManager
    dialog = open_from_menu(mw)
    states = {r["id"]: r["state"] for r in dialog.registry.get(manager).status()}
    assert states.get("html_gallery") == "enabled", states
    assert states.get("ankidroid_lints") == "enabled", states
    open_notetype(dialog, NOTETYPE)
    set_code(dialog, hostile_front(server.url))
    yield dialog
    close_discarding(dialog)


def answer_save_dialog(dialog, path, asked):
    """Anki's native save dialog is the one edge a test cannot drive: the FileDialogs
    host role answers `path` (None: the user cancelled)."""
    role = sys.modules[f"{ADDON_FOLDER}.sdk.hosts"].FileDialogs

    def choose_save(title, filter_label, extension, key, suggested):
        asked.append((title, extension, suggested))
        return None if path is None else str(path)

    dialog.registry.get(role).choose_save = choose_save


def export_gallery(dialog, path):
    asked = []
    answer_save_dialog(dialog, path, asked)
    js(dialog, "document.getElementById('status').textContent = ''; 0")
    click(dialog, "#export-open")
    item = "#export-menu [data-exporter=html_gallery]"
    wait_until(lambda: js(dialog, f"!!document.querySelector('{item}')"), 10, "the menu")
    label = js(dialog, f"document.querySelector('{item}').textContent")
    click(dialog, item)
    status = wait_until(
        lambda: (js(dialog, STATUS) or "").startswith("Export") and js(dialog, STATUS),
        20,
        "the export",
    )
    return label, status, asked


def test_the_lint_packs_finding_is_in_the_problems_list_located(designer):
    selector = ".diagnostic[data-code='ankidroid.desktop-bridge']"
    wait_until(lambda: js(designer, f'!!document.querySelector("{selector}")'), 20, "lint")
    text = js(designer, f'document.querySelector("{selector}").textContent')
    assert "pycmd() exists only in Anki on a computer" in text
    assert "Card 1 · Front template · line 2" in text, text
    assert "Fix: guard it" in text


def test_the_gallery_is_offered_and_writes_every_card_type_rendered(designer, tmp_path, server):
    target = tmp_path / "gallery.html"
    label, status, asked = export_gallery(designer, target)
    assert label == "HTML gallery (.html)"
    assert status == f"Exported to {target}", status
    assert asked == [(f"Export {NOTETYPE}: HTML gallery", "html", f"{NOTETYPE}.html")]
    page = target.read_text(encoding="utf-8")
    assert "<h2>Card 1</h2>" in page and "<h2>Card 2</h2>" in page
    for text in ("der Hund", "the dog", "die Katze", "the cat"):
        assert page.count(text) >= 4, text  # both card types, front and back
    assert page.count("<iframe sandbox ") == 2 * 2 * 2
    lowered = page.lower()
    assert "<script" not in lowered and "&lt;script" not in lowered
    assert "javascript:" not in lowered and "onerror" not in lowered
    assert "&gt;link&lt;/a&gt;" in page  # the unsaved draft was exported, made inert

    hits_before = len(server.hits)
    requested = open_in_browser(target, frames=8)
    assert requested == [QUrl.fromLocalFile(str(target)).toString()], requested
    assert server.hits[hits_before:] == []


def test_the_request_check_sees_a_request_when_there_is_one(tmp_path, server):
    """The control for the test above: the same browser check catches a page that loads."""
    control = tmp_path / "control.html"
    control.write_text(f'<img src="{server.url}/control.png">', encoding="utf-8")
    requested = open_in_browser(control, frames=0)
    assert f"{server.url}/control.png" in requested
    wait_until(lambda: "/control.png" in server.hits, 10, "the control request")


def test_a_cancelled_export_writes_nothing(designer, tmp_path):
    target = tmp_path / "never.html"
    _label, status, asked = export_gallery(designer, None)
    assert status == "Export cancelled"
    assert len(asked) == 1 and not target.exists()


def open_in_browser(path: Path, frames: int):
    """Load the file in a QtWebEngine view of its own profile; every URL it asked for."""
    from aqt.qt import QWebEngineView
    from PyQt6.QtWebEngineCore import (
        QWebEnginePage,
        QWebEngineProfile,
        QWebEngineSettings,
        QWebEngineUrlRequestInterceptor,
    )

    class Recorder(QWebEngineUrlRequestInterceptor):
        def __init__(self):
            super().__init__()
            self.urls = []

        def interceptRequest(self, info):
            self.urls.append(info.requestUrl().toString())

    profile = QWebEngineProfile()  # off the record: nothing of Anki's
    # as in a desktop browser, a local file may load from the network (Qt's default: not)
    profile.settings().setAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True
    )
    recorder = Recorder()
    profile.setUrlRequestInterceptor(recorder)
    page = QWebEnginePage(profile)
    view = QWebEngineView()
    view.setPage(page)
    loaded = []
    page.loadFinished.connect(loaded.append)
    try:
        page.load(QUrl.fromLocalFile(str(path)))
        wait_until(lambda: loaded, 20, "the gallery to load")
        assert loaded == [True]
        pump(1.0)  # give frames, images and any script time to try
        assert len(page.mainFrame().children()) == frames
        return list(recorder.urls)
    finally:
        view.setPage(None)
        page.deleteLater()
        view.deleteLater()
        pump(0.2)


def test_the_export_menu_works_from_the_keyboard(designer):
    click(designer, "#export-open")
    wait_until(
        lambda: js(designer, "document.activeElement?.dataset.exporter") == "html_gallery",
        10,
        "focus on the first exporter",
    )
    assert js(designer, "document.getElementById('export-open').ariaExpanded") == "true"
    # Escape closes the menu only: Anki's web view would close the window (and ask
    # whether to discard the changes: a modal, recorded and dismissed here if it comes)
    asked = []

    def dismiss_question():
        box = QApplication.activeModalWidget()
        if box is not None:
            asked.append(box.text())
            box.close()

    QTimer.singleShot(1500, dismiss_question)
    js(
        designer,
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown',"
        " {key: 'Escape', bubbles: true})); 0",
    )
    assert js(designer, "document.getElementById('export-menu').hidden") is True
    assert js(designer, "document.activeElement.id") == "export-open"
    pump(2.0)
    assert asked == []
    assert designer.isVisible()
