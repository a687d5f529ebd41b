"""CSS that would hang the designer page (Chromium 140 never answers on CSS nested ~5,000
deep) is not projected into the canvas; the page stays responsive and says why."""

import time

import pytest

from anki_harness import wait_until
from canvas_driver import frame_js, wait_canvas
from designer_driver import close, js, open_from_menu, open_notetype

NAME = "Deeply nested CSS"
DEPTH = 5000


@pytest.fixture
def deep_css_notetype(mw):
    models = mw.col.models
    old = models.by_name(NAME)
    if old:
        models.remove(old["id"])
    notetype = models.new(NAME)
    for name in ("Front", "Back"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = "<div class=q>{{Front}}</div>"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Back}}"
    models.add_template(notetype, template)
    notetype["css"] = ".card { color: red; }\n" + ".a{" * DEPTH + "color:blue" + "}" * DEPTH
    models.add_dict(notetype)
    note = mw.col.new_note(models.by_name(NAME))
    note["Front"] = "still editable"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    return models.by_name(NAME)


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
