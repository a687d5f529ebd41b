"""Drives the visual canvas (GrapesJS) of a designer in a real Anki: wait for it, read
its components, add blocks by API and by a real mouse drag, press keys."""

import json

from aqt.qt import QApplication, QEvent, QMouseEvent, QPoint, QPointF, Qt
from PyQt6.QtTest import QTest

from anki_harness import pump, wait_until
from designer_driver import js

CANVAS = "atd.app.editor.canvas"


def cv(dialog, expression):
    """Evaluate `expression` with `cv` bound to the page's CanvasView."""
    return js(dialog, f"(() => {{ const cv = {CANVAS}; return {expression}; }})()")


def wait_canvas(dialog, what="the canvas to show the current side"):
    """Wait until the canvas shows the session's current document, rendered."""
    wait_until(
        lambda: cv(
            dialog,
            "!!cv.editor && !!cv.tree && cv.renderCount > 0 && cv.treeDoc === atd.app.session.docKey"
            " && cv.treeText === atd.app.session.text && !!cv.editor.Canvas.getDocument()?.body"
            " && !cv.completing",  # a big side is shown whole (canvas/progressive.ts)
        ),
        30,
        what,
    )
    pump(0.1)


def wait_edits(dialog, count, what="the canvas edit"):
    wait_until(lambda: cv(dialog, "cv.edits") >= count, 15, what)
    wait_until(lambda: cv(dialog, "cv.treeText === atd.app.session.text"), 15, what)
    pump(0.1)


def components(dialog):
    return cv(dialog, "cv.describe()")


def component_id(dialog, predicate_js):
    """The atd id of the first component for which `predicate_js` (given `c`) is true."""
    return cv(dialog, f"(cv.describe().find(c => {predicate_js}) || {{}}).id ?? null")


def select(dialog, node_id):
    assert cv(dialog, f"cv.selectById({json.dumps(node_id)})"), f"no component {node_id}"
    pump(0.1)


def front(dialog, index=0):
    # Through JSON: runJavaScript's string conversion drops a leading U+FEFF.
    return json.loads(js(dialog, f"JSON.stringify(atd.app.session.draft.tmpls[{index}].qfmt)"))


def frame_js(dialog, expression):
    """Evaluate in the page with `doc` bound to the canvas frame's document."""
    return cv(
        dialog, f"(() => {{ const doc = cv.editor.Canvas.getDocument(); return {expression}; }})()"
    )


def web_point(dialog, frame_selector):
    """Page coordinates of the middle of an element inside the canvas frame."""
    rect = cv(
        dialog,
        "(() => { const frame = cv.editor.Canvas.getFrameEl().getBoundingClientRect();"
        f" const el = cv.editor.Canvas.getDocument().querySelector({json.dumps(frame_selector)});"
        " const r = el.getBoundingClientRect(); const z = cv.editor.Canvas.getZoomDecimal();"
        " return [frame.left + (r.left + r.width / 2) * z, frame.top + (r.top + r.height / 2) * z]; })()",
    )
    return QPoint(int(rect[0]), int(rect[1]))


def move_mouse(target, point):
    """A real mouse-move event to the view's render widget (QTest.mouseMove only moves
    the cursor on the offscreen platform)."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(target.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)


def click_in_frame(dialog, frame_selector):
    """A real mouse click (press + release events) on an element in the canvas frame."""
    target = dialog.web.focusProxy() or dialog.web
    point = web_point(dialog, frame_selector)
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            QPointF(point),
            QPointF(target.mapToGlobal(point)),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, event)
        pump(0.05)


def drag_block(dialog, block_id, frame_selector, below=False):
    """Start dragging a block (GrapesJS's API, as its own mousedown handler does), move the
    real mouse over an element in the canvas frame and drop it there."""
    target = dialog.web.focusProxy() or dialog.web
    point = web_point(dialog, frame_selector)
    cv(dialog, f"(cv.editor.Blocks.startDrag(cv.editor.Blocks.get({json.dumps(block_id)})), 0)")
    pump(0.1)
    for dy in (-6, -2, 2, 6 if below else 0):
        move_mouse(target, QPoint(point.x(), point.y() + dy))
        pump(0.05)
    cv(dialog, "(cv.editor.Blocks.endDrag(), 0)")
    pump(0.2)


def key(dialog, key_code, modifiers=Qt.KeyboardModifier.NoModifier):
    target = dialog.web.focusProxy() or dialog.web
    QTest.keyClick(target, key_code, modifiers)
    pump(0.2)
