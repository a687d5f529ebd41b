"""Qt tier: the designer web view and bridge in real QtWebEngine, inside a real Anki.

AnkiWebView needs Anki's main window (its media server serves our page, its bridge
checks `mw.col`), so this tier starts one real Anki per process, without the add-on
installed; the tests build the view and the dispatcher themselves.
"""

import base64
import hashlib
import shutil
from pathlib import Path

import pytest

from anki_harness import create_demo_collection, prepare_environment, pump, seed_base, start_anki

ROOT = Path(__file__).resolve().parents[2]
WEB_FOLDER = "atd_qt_page"
FAILING_SCRIPT = (
    "setTimeout(() => { throw new TypeError('boom-from-page'); });\n"
    "Promise.reject(new RangeError('rejected-in-page'));\n"
)
FAILING_SCRIPT_INTEGRITY = (
    "sha256-" + base64.b64encode(hashlib.sha256(FAILING_SCRIPT.encode()).digest()).decode()
)

prepare_environment(headless=True)


@pytest.fixture(scope="session")
def anki_mw(tmp_path_factory):
    import aqt

    base = tmp_path_factory.mktemp("qt-base")
    create_demo_collection(seed_base(base))
    start_anki(base)
    mw = aqt.mw
    # Serve web/dist as Anki serves an add-on's web exports. Created after start-up so
    # Anki does not try to load it as an add-on.
    served = base / "addons21" / WEB_FOLDER / "web" / "dist"
    shutil.copytree(ROOT / "web" / "dist", served)
    # A same-origin script that fails, as a bug in our bundle would (errors of scripts
    # run through runJavaScript are muted to "Script error." by Chromium).
    (served / "failing-script.js").write_text(FAILING_SCRIPT)
    # The page runs only scripts its CSP names by hash: pin this one as the build pins ours.
    page = served / "index.html"
    page.write_text(
        page.read_text().replace("script-src ", f"script-src '{FAILING_SCRIPT_INTEGRITY}' ", 1)
    )
    # A page without our CSP that references remote resources: the interceptor alone
    # must stop them.
    (served / "remote-refs.html").write_text(
        '<img src="http://blocked.invalid/x.png">'
        '<script src="https://blocked.invalid/a.js"></script>'
    )
    mw.addonManager.setWebExports(WEB_FOLDER, r"web/dist/.*")
    yield mw
    mw.unloadProfile(lambda: None)
    pump(0.5)


@pytest.fixture(scope="session")
def qapp(anki_mw):
    return anki_mw.app
