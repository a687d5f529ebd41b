"""Big sides in a real Anki (web/src/canvas/progressive.ts, canvasData.prefetch,
componentCache.prebuild): a side over the first part's size is shown in parts and ends
whole; the next card type's side is fetched and built ahead while the user looks at the
current one; switching to it shows exactly what a fresh build shows, and an edit on it
lands on its own template text."""

from test_canvas_in_anki import new_notetype, open_canvas, save

from anki_harness import pump, wait_until
from canvas_driver import cv, frame_js, wait_canvas, wait_edits
from designer_driver import close, js, open_notetype

NAME = "Parts: three big card types"
ROWS = 120  # ~480 nodes a side: several parts


def big_front(card: int) -> str:
    rows = "\n".join(
        f'<div class="r r{n}"><span>Card {card} row {n}</span> {{{{Front}}}}</div>'
        for n in range(ROWS)
    )
    return f'<div class="card-{card}">\n{rows}\n</div>'


def add_card_types(mw):
    models = mw.col.models
    notetype = models.by_name(NAME)
    for card in (2, 3):
        template = models.new_template(f"Card {card}")
        template["qfmt"] = big_front(card)
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Back}}"
        models.add_template(notetype, template)
    models.update_dict(notetype)


def describe(dialog):
    return cv(dialog, "cv.describe().map(c => `${c.type} ${c.id}`)")


def test_a_big_side_in_parts_and_the_next_built_ahead_shows_and_edits_exactly(mw):
    new_notetype(mw, NAME, big_front(1))
    add_card_types(mw)
    dialog = open_canvas(mw, NAME)
    try:
        first = describe(dialog)
        assert (
            len(first) > 400
            and frame_js(dialog, "doc.body.textContent").count("Card 1 row") == ROWS
        )
        assert cv(dialog, "cv.completeCount") >= 1
        # While the user looks at Card 1, Card 2's front is fetched and its first part built.
        wait_until(lambda: cv(dialog, "cv.prebuilt") >= 1, 10, "the next side built ahead")
        js(
            dialog,
            "(() => { const s = document.getElementById('card-type'); s.value = '1';"
            " s.dispatchEvent(new Event('change')); return 0; })()",
        )
        wait_canvas(dialog)
        assert cv(dialog, "cv.treeDoc") == "c1.front"
        shown = describe(dialog)
        assert frame_js(dialog, "doc.body.textContent").count("Card 2 row") == ROWS
        assert "Card 1 row" not in frame_js(dialog, "doc.body.textContent")
        # Exactly what a fresh build of the same side shows.
        cv(dialog, "(cv.render(null, true), 0)")
        wait_canvas(dialog)
        assert describe(dialog) == shown
        # An edit on the side built ahead lands on Card 2's front only.
        before = js(dialog, "atd.app.session.draft.tmpls[1].qfmt")
        edits = cv(dialog, "cv.edits")
        cv(dialog, "(cv.insertBlock('text', null, 0), 0)")
        wait_edits(dialog, edits + 1)
        after = js(dialog, "atd.app.session.draft.tmpls[1].qfmt")
        assert after.endswith(before) and len(after) > len(before)
        assert js(dialog, "atd.app.session.draft.tmpls[0].qfmt") == big_front(1)
        save(dialog)
        assert mw.col.models.by_name(NAME)["tmpls"][1]["qfmt"] == after
        pump(0.2)
    finally:
        close(dialog)


def test_a_note_type_switch_shows_the_canvas_before_asking_for_the_preview(mw):
    """Python answers the page's calls in order: on a switch, the preview's render (and its
    fresh page) waits until the canvas shows the new note type, then follows at once."""
    new_notetype(mw, NAME, big_front(1))
    new_notetype(mw, "Parts: small", "<div class=small>{{Front}}</div>")
    dialog = open_canvas(mw, NAME)
    try:
        painted = dialog.preview.last_painted
        js(dialog, "(performance.clearMarks(), 0)")
        open_notetype(dialog, "Parts: small")
        wait_canvas(dialog)
        wait_until(lambda: dialog.preview.last_painted > painted, 10, "the preview to follow")
        marks = js(
            dialog,
            "Object.fromEntries(performance.getEntriesByType('mark').reverse()"
            ".map(m => [m.name, m.startTime]))",  # the first of each name
        )
        assert "atd:preview-request" in marks and "atd:rendered" in marks, marks
        assert marks["atd:rendered"] <= marks["atd:preview-request"], marks
        assert "small" in frame_js(dialog, "doc.body.innerHTML")
    finally:
        close(dialog)


def switch_card_type(dialog, index):
    js(
        dialog,
        f"(() => {{ const s = document.getElementById('card-type'); s.value = '{index}';"
        " s.dispatchEvent(new Event('change')); return 0; })()",
    )
    wait_canvas(dialog)
    assert cv(dialog, "cv.treeDoc") == f"c{index}.front"


def test_a_side_shown_before_comes_back_with_its_views_and_edits_land(mw):
    """Leaving a side keeps its views (componentCache.park with keepViews): coming back
    shows exactly what a fresh build shows, once (no element twice), and edits land; the
    same with the Layers panel drawn, where a side is parked GrapesJS's own way."""
    new_notetype(mw, NAME, big_front(1))
    add_card_types(mw)
    dialog = open_canvas(mw, NAME)
    try:
        first = describe(dialog)
        for layers in (False, True):
            if layers:
                cv(dialog, "(cv.showLayers(), 0)")
            switch_card_type(dialog, 1)
            assert "Card 1 row" not in frame_js(dialog, "doc.body.textContent")
            switch_card_type(dialog, 0)
            assert describe(dialog) == first
            assert frame_js(dialog, "doc.body.querySelectorAll('.r').length") == ROWS
            assert frame_js(dialog, "doc.body.textContent").count("Card 2 row") == 0
        cv(dialog, "(cv.render(null, true), 0)")
        wait_canvas(dialog)
        assert describe(dialog) == first
        before = js(dialog, "atd.app.session.draft.tmpls[0].qfmt")
        edits = cv(dialog, "cv.edits")
        cv(dialog, "(cv.insertBlock('text', null, 0), 0)")
        wait_edits(dialog, edits + 1)
        after = js(dialog, "atd.app.session.draft.tmpls[0].qfmt")
        assert after.endswith(before) and len(after) > len(before)
        assert js(dialog, "atd.app.session.draft.tmpls[1].qfmt") == big_front(2)
    finally:
        dialog.dirty = False
        close(dialog)


def first_model_cid(dialog):
    return cv(dialog, "cv.editor.getWrapper().components().at(0).cid")


def test_a_note_type_left_and_opened_again_comes_back_built_and_up_to_date(mw):
    """Leaving a note type keeps its shown side (componentCache, keyed by note type) and
    what was fetched for it (canvasData.switchTo): coming back puts the same components in
    again, exactly as a fresh build shows them; when the note type changed meanwhile, the
    canvas shows the change, never the kept copy, and an edit lands on the new text."""
    new_notetype(mw, NAME, big_front(1))
    new_notetype(mw, "Parts: small", "<div class=small>{{Front}}</div>")
    dialog = open_canvas(mw, NAME)
    try:
        first = describe(dialog)
        kept = first_model_cid(dialog)
        for _ in range(2):
            open_notetype(dialog, "Parts: small")
            wait_canvas(dialog)
            assert "Card 1 row" not in frame_js(dialog, "doc.body.textContent")
            assert "small" in frame_js(dialog, "doc.body.innerHTML")
            open_notetype(dialog, NAME)
            wait_canvas(dialog)
            assert first_model_cid(dialog) == kept
            assert describe(dialog) == first
            assert frame_js(dialog, "doc.body.querySelectorAll('.r').length") == ROWS
        # Changed outside while another note type is open: the kept side is not shown as is.
        open_notetype(dialog, "Parts: small")
        wait_canvas(dialog)
        notetype = mw.col.models.by_name(NAME)
        changed = big_front(1).replace("Card 1 row 7<", "Card 1 row seven<")
        notetype["tmpls"][0]["qfmt"] = changed
        mw.col.models.update_dict(notetype)
        open_notetype(dialog, NAME)
        wait_canvas(dialog)
        text = frame_js(dialog, "doc.body.textContent")
        assert "Card 1 row seven" in text and "Card 1 row 7 " not in text
        assert frame_js(dialog, "doc.body.querySelectorAll('.r').length") == ROWS
        cv(dialog, "(cv.render(null, true), 0)")
        wait_canvas(dialog)
        fresh = describe(dialog)
        assert len(fresh) == len(first)
        edits = cv(dialog, "cv.edits")
        cv(dialog, "(cv.insertBlock('text', null, 0), 0)")
        wait_edits(dialog, edits + 1)
        assert js(dialog, "atd.app.session.draft.tmpls[0].qfmt").endswith(changed)
    finally:
        dialog.dirty = False
        close(dialog)
