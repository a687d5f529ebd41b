"""Running a real Anki here: seeding a base folder, installing the add-on, starting it.

Shared by `make demo` (scripts/run_anki.py) and the Qt/Anki test tiers, so the demo and
the tests start Anki the same way. See DESIGN.md §5 for why each step is needed.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROFILE = "test"

# Anki reads its single-instance key when `aqt` is first imported (a class attribute), and a
# driver module may import aqt before `prepare_environment` runs: set it here, so two Ankis
# started by two harnesses never find each other ("Already running; reusing existing instance").
os.environ.setdefault("ANKI_SINGLE_INSTANCE_KEY", f"atd-{uuid.uuid4().hex}")


def prepare_environment(headless: bool) -> None:
    """Environment Anki and QtWebEngine need here; must run before `aqt` starts Qt."""
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()
    os.environ.setdefault("ANKI_SINGLE_INSTANCE_KEY", f"atd-{uuid.uuid4().hex}")
    os.environ.pop("ATD_SKIP_INIT", None)


def seed_base(base: Path, profile: str = PROFILE) -> Path:
    """Create a base folder that starts straight into the main window (no dialogs)."""
    from aqt.profiles import ProfileManager, VideoDriver

    base.mkdir(parents=True, exist_ok=True)
    manager = ProfileManager(base)
    manager.setupMeta()
    manager.meta["firstRun"] = False
    manager.meta["defaultLang"] = "en_US"
    manager.meta["check_for_updates"] = False
    manager.meta["check_for_addon_updates"] = False
    manager.create(profile)
    manager.load(profile)
    assert manager.profile is not None
    manager.profile["autoSync"] = False
    manager.profile["syncMedia"] = False
    manager.save()
    manager.set_video_driver(VideoDriver.Software)
    assert manager.db is not None
    manager.db.close()
    return base / profile / "collection.anki2"


def _add(col: Any, notetype_name: str, *fields: str, tags: str = "") -> None:
    notetype = col.models.by_name(notetype_name)
    note = col.new_note(notetype)
    for index, value in enumerate(fields):
        note.fields[index] = value
    if tags:
        note.tags = tags.split()
    col.add_note(note, col.decks.id("Demo"))


def create_demo_collection(path: Path) -> None:
    """A collection with stock and custom note types and a few notes of each."""
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    try:
        _add(col, "Basic", "What is the capital of France?", "Paris", tags="geography")
        _add(col, "Basic", "H<sub>2</sub>O is…", "water", tags="chemistry")
        _add(col, "Basic (and reversed card)", "der Hund", "the dog", tags="german")
        _add(col, "Basic (and reversed card)", "die Katze", "the cat", tags="german")
        _add(col, "Basic (type in the answer)", "7 × 8", "56", tags="maths")
        _add(col, "Cloze", "{{c1::Canberra}} is the capital of {{c2::Australia}}.", "")
        _add(col, "Cloze", "The mitochondria is the {{c1::powerhouse::organelle}} of the cell.", "")
        models = col.models
        vocab = models.new("Vocabulary (demo)")
        for name in ("Word", "Reading", "Meaning", "Example"):
            models.add_field(vocab, models.new_field(name))
        recognise = models.new_template("Recognise")
        recognise["qfmt"] = '<div class="word">{{Word}}</div>'
        recognise["afmt"] = (
            "{{FrontSide}}<hr id=answer>"
            '<div class="reading">{{furigana:Reading}}</div>'
            "<div>{{Meaning}}</div>{{#Example}}<div class=example>{{Example}}</div>{{/Example}}"
        )
        produce = models.new_template("Produce")
        produce["qfmt"] = "<div>{{Meaning}}</div>"
        produce["afmt"] = "{{FrontSide}}<hr id=answer><div class=word>{{Word}}</div>"
        models.add_template(vocab, recognise)
        models.add_template(vocab, produce)
        vocab["css"] = (
            ".card { font-family: 'Noto Sans', sans-serif; font-size: 22px; text-align: center; }\n"
            ".word { font-size: 40px; }\n.example { color: #555; font-style: italic; }\n"
        )
        models.add_dict(vocab)
        _add(
            col,
            "Vocabulary (demo)",
            "食べる",
            "食[た]べる",
            "to eat",
            "りんごを食べる",
            tags="japanese",
        )
        _add(col, "Vocabulary (demo)", "飲む", "飲[の]む", "to drink", "", tags="japanese")
    finally:
        col.close()


def install_addon_dir(source: Path, base: Path, folder: str) -> Path:
    """Copy a staged add-on folder into the base folder's addons21/<folder>."""
    target = base / "addons21" / folder
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def install_addon_zip(archive: Path, base: Path, folder: str) -> Path:
    """Unzip an .ankiaddon the way Anki does: its contents into addons21/<folder>."""
    target = base / "addons21" / folder
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target


def start_anki(base: Path, profile: str = PROFILE) -> Any:
    """Start Anki in this process (no event loop yet) and wait for the collection."""
    import aqt

    from anki_template_designer.gui import compat  # type: ignore[import-untyped]

    compat.use_single_instance_key_from_environment()
    app = aqt._run(argv=["anki", "-b", str(base), "-p", profile], exec=False)
    if app is None:
        raise RuntimeError("Anki did not start")
    wait_until(lambda: aqt.mw is not None and aqt.mw.col is not None, timeout=60)
    return app


def process_events() -> None:
    """One turn of the event loop, including deleteLater() (processEvents skips those)."""
    from aqt.qt import QApplication, QEvent

    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        process_events()
        time.sleep(0.005)


def wait_until(
    predicate: Callable[[], Any], timeout: float = 20.0, what: str | Callable[[], str] = ""
) -> Any:
    """Pump Qt events until `predicate()` is truthy; returns its value. `what` names what
    is awaited (a callable: asked at the timeout, for the state then)."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            named = what() if callable(what) else what
            raise TimeoutError(f"timed out after {timeout} s waiting for {named or predicate}")
        process_events()
        time.sleep(0.005)


def eval_js(web: Any, script: str, timeout: float = 10.0) -> Any:
    """Run `script` in a web view's page and return its (JSON-able) value."""
    box: dict[str, Any] = {}
    web.page().runJavaScript(script, lambda value: box.setdefault("value", value))
    wait_until(lambda: "value" in box, timeout, f"JS: {script[:60]}")
    return box["value"]


def grab_designer_in_main_window(mw: Any, dialog: Any, path: Path) -> Path:
    """Save the main window with the designer dialog drawn where it sits over it."""
    from aqt.qt import QColor, QFont, QPainter, QPoint, QRect, Qt

    canvas = mw.grab()
    painter = QPainter(canvas)
    title_height = 30
    left = max(0, (canvas.width() - dialog.width()) // 2)
    top = max(title_height, (canvas.height() - dialog.height() + title_height) // 2)
    # Offscreen windows have no decorations: draw a shadow and a title bar so the
    # picture reads as a window over Anki's main window.
    for spread in range(12, 0, -2):
        painter.fillRect(
            QRect(
                left - spread,
                top - title_height - spread + 4,
                dialog.width() + 2 * spread,
                dialog.height() + title_height + 2 * spread,
            ),
            QColor(0, 0, 0, 10),
        )
    bar = QRect(left, top - title_height, dialog.width(), title_height)
    painter.fillRect(bar, QColor("#3a3a3a"))
    painter.setPen(QColor("#ffffff"))
    font = QFont()
    font.setPointSize(10)
    painter.setFont(font)
    painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
    painter.drawPixmap(QPoint(left, top), dialog.grab())
    painter.setPen(QColor("#3a3a3a"))
    painter.drawRect(
        QRect(left, top - title_height, dialog.width() - 1, dialog.height() + title_height - 1)
    )
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not canvas.save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path
