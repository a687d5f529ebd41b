"""CSS that would hang the designer page (Chromium 140 never answers on CSS nested ~5,000
deep) is not projected into the canvas; the page stays responsive and says why."""

import time

import pytest
from test_canvas_in_anki import new_notetype

from anki_harness import wait_until
from canvas_driver import frame_js, wait_canvas
from designer_driver import close, js, open_from_menu, open_notetype

NAME = "Deeply nested CSS"
DEPTH = 5000


@pytest.fixture
def deep_css_notetype(mw):
    css = ".card { color: red; }\n" + ".a{" * DEPTH + "color:blue" + "}" * DEPTH
    notetype = new_notetype(mw, NAME, "<div class=q>{{Front}}</div>", css=css)
    note = mw.col.new_note(notetype)
    note["Front"] = "still editable"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    return notetype


def test_css_nested_thousands_deep_is_refused_in_the_canvas_and_nothing_hangs(
    mw, deep_css_notetype
):
    dialog = open_from_menu(mw)
    open_notetype(dialog, NAME)
    wait_canvas(dialog)
    wait_until(
        lambda: "still editable" in frame_js(dialog, "doc.body.textContent"),
        10,
        "the card's text in the canvas",
    )
    assert frame_js(dialog, "doc.getElementById('atd-card-css').textContent") == ""
    status = js(dialog, "document.getElementById('status').textContent")
    assert f"nests {DEPTH} levels deep" in status, status
    # The page answers at once: no style recalculation is stuck on the nesting.
    started = time.monotonic()
    assert js(dialog, "1 + 1") == 2
    assert time.monotonic() - started < 2.0
    close(dialog)
