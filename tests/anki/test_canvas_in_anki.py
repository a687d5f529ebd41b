"""The visual canvas (GrapesJS) inside a real Anki: it shows the Python tree, every
action becomes a Python operation, and what Anki saves is exactly the text asserted."""

import json
import re

from anki.errors import CardTypeError
from aqt.qt import Qt
from PyQt6.QtTest import QTest

from anki_harness import pump, wait_until
from canvas_driver import (
    click_in_frame,
    component_id,
    components,
    cv,
    drag_block,
    frame_js,
    front,
    key,
    select,
    wait_canvas,
    wait_edits,
)
from corpus import corpus_files
from designer_driver import click, close, js, open_from_menu, open_notetype, set_code, wait_saved


def saved_front(mw, name, index=0):
    return mw.col.models.by_name(name)["tmpls"][index]["qfmt"]


SPECIAL = {"FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"}


def referenced_fields(*texts):
    """Field names a template refers to (so Anki accepts it), in order of appearance."""
    names = ["Front", "Back"]
    for text in texts:
        for match in re.finditer(r"\{\{[#^/]?([^{}]+?)\}\}", text):
            name = match.group(1).split(":")[-1].strip()
            if (
                name
                and name not in SPECIAL
                and name not in names
                and not name.startswith(("!", "="))
            ):
                names.append(name)
    return names


def new_notetype(
    mw,
    name,
    front_text,
    back_text="{{FrontSide}}<hr id=answer>{{Back}}",
    css=".card { color: black; }",
):
    models = mw.col.models
    existing = models.by_name(name)
    if existing:
        models.remove(existing["id"])
    notetype = models.new(name)
    for field in referenced_fields(front_text, back_text):
        models.add_field(notetype, models.new_field(field))
    template = models.new_template("Card 1")
    template["qfmt"] = front_text
    template["afmt"] = back_text
    models.add_template(notetype, template)
    notetype["css"] = css
    models.add_dict(notetype)
    return models.by_name(name)


def open_canvas(mw, name):
    dialog = open_from_menu(mw)
    open_notetype(dialog, name)
    wait_canvas(dialog)
    return dialog


def save(dialog):
    click(dialog, "#save")
    wait_saved(dialog)


def test_the_canvas_shows_the_python_tree_with_real_note_content_sandboxed(mw, artifacts):
    dialog = open_canvas(mw, "Vocabulary (demo)")
    described = components(dialog)
    assert [c["type"] for c in described] == ["atd-el", "atd-field"]
    # The field shows what Anki renders for the first note, not its name.
    wait_until(
        lambda: (
            "食べる" in frame_js(dialog, "doc.body.textContent")
            or "飲む" in frame_js(dialog, "doc.body.textContent")
        ),
        10,
        "the note's word",
    )
    assert (
        cv(dialog, "cv.editor.Canvas.getFrameEl().getAttribute('sandbox')") == "allow-same-origin"
    )
    assert frame_js(dialog, "doc.body.className") == "card card1"
    assert cv(dialog, "cv.parserHits") == 0
    # No GrapesJS CDN stylesheet, no icon font: every link in page and frame is local.
    links = js(dialog, "[...document.querySelectorAll('link[href]')].map(l => l.href)") + frame_js(
        dialog, "[...doc.querySelectorAll('link[href]')].map(l => l.href)"
    )
    assert links and all(href.startswith("http://127.0.0.1") for href in links), links
    dialog.resize(1280, 800)
    pump(0.5)
    dialog.grab().save(str(artifacts / "canvas-vocabulary.png"))
    dialog.resize(1920, 1080)
    pump(0.8)
    select(dialog, component_id(dialog, "c.tag === 'div'"))
    dialog.grab().save(str(artifacts / "canvas-vocabulary-1920.png"))
    dialog.resize(1280, 800)
    pump(0.3)
    # The layer tree is built when its tab first shows; it names fields and elements.
    click(dialog, "[data-cvtab=layers]")
    wait_until(
        lambda: (
            "Field Word" in (js(dialog, "document.getElementById('cv-layers').textContent") or "")
        ),
        10,
        "the layer tree",
    )
    assert "div.word" in js(dialog, "document.getElementById('cv-layers').textContent")
    click(dialog, "[data-cvtab=blocks]")
    close(dialog)


def test_add_a_block_through_the_api_then_save_exact_text(mw):
    new_notetype(mw, "Canvas API", "<div class=q>{{Front}}</div>\r\n")
    dialog = open_canvas(mw, "Canvas API")
    edits = cv(dialog, "cv.edits")
    cv(dialog, "(cv.insertBlock('heading', null, 1), 0)")
    wait_edits(dialog, edits + 1)
    assert front(dialog) == "<div class=q>{{Front}}</div><h2>Heading</h2>\r\n"
    assert [c["tag"] for c in components(dialog)][:4] == ["div", "atd-field", "h2", ""]
    save(dialog)
    assert saved_front(mw, "Canvas API") == "<div class=q>{{Front}}</div><h2>Heading</h2>\r\n"
    close(dialog)


def test_add_a_block_by_dragging_it_onto_the_canvas(mw):
    new_notetype(mw, "Canvas drag", '<div class="box"><p>first {{Front}}</p></div>')
    dialog = open_canvas(mw, "Canvas drag")
    edits = cv(dialog, "cv.edits")
    drag_block(dialog, "hint", "div.box", below=True)
    wait_edits(dialog, edits + 1, "the dropped block")
    text = front(dialog)
    assert "{{hint:Back}}" in text, text
    assert text.replace("{{hint:Back}}", "") == '<div class="box"><p>first {{Front}}</p></div>', (
        text
    )
    save(dialog)
    assert saved_front(mw, "Canvas drag") == text
    close(dialog)


def test_change_a_trait_delete_and_undo_redo_by_keyboard(mw):
    new_notetype(mw, "Canvas traits", '<p>Q: {{Front}}</p><img src="a.jpg">')
    dialog = open_canvas(mw, "Canvas traits")
    field = component_id(dialog, "c.type === 'atd-field'")
    select(dialog, field)
    edits = cv(dialog, "cv.edits")
    cv(dialog, "(cv.editor.getSelected().getTrait('atdKey').setValue('Back'), 0)")
    wait_edits(dialog, edits + 1, "the field change")
    assert front(dialog) == '<p>Q: {{Back}}</p><img src="a.jpg">'
    image = component_id(dialog, "c.tag === 'img'")
    select(dialog, image)
    cv(dialog, "(cv.editor.getSelected().getTrait('atdAttr-alt').setValue('A \"cat\" & co'), 0)")
    wait_edits(dialog, edits + 2, "the alt text")
    assert front(dialog) == '<p>Q: {{Back}}</p><img src="a.jpg" alt="A &quot;cat&quot; &amp; co">'
    select(dialog, image)
    dialog.web.setFocus()
    cv(dialog, "(cv.editor.Canvas.getWindow().focus(), 0)")
    key(dialog, Qt.Key.Key_Delete)
    wait_edits(dialog, edits + 3, "the delete")
    assert front(dialog) == "<p>Q: {{Back}}</p>"
    key(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_until(
        lambda: (
            front(dialog) == '<p>Q: {{Back}}</p><img src="a.jpg" alt="A &quot;cat&quot; &amp; co">'
        ),
        10,
        "undo of the delete",
    )
    key(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_until(
        lambda: front(dialog) == '<p>Q: {{Front}}</p><img src="a.jpg">',
        10,
        "undo back to the original bytes",
    )
    key(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: front(dialog) == '<p>Q: {{Back}}</p><img src="a.jpg">', 10, "redo")
    wait_canvas(dialog)
    assert js(dialog, "document.getElementById('save').disabled") is False
    # Ctrl+S pressed inside the canvas frame reaches the page's save.
    cv(dialog, "(cv.editor.Canvas.getWindow().focus(), 0)")
    key(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_saved(dialog)
    assert saved_front(mw, "Canvas traits") == '<p>Q: {{Back}}</p><img src="a.jpg">'
    close(dialog)


def test_device_card_type_side_and_code_view_switches(mw, artifacts):
    dialog = open_canvas(mw, "Vocabulary (demo)")
    js(
        dialog,
        "(() => { const s = document.getElementById('pv-device'); s.value = 'phone'; s.dispatchEvent(new Event('change')); })(); 0",
    )
    wait_until(
        lambda: cv(dialog, "cv.editor.Canvas.getFrameEl().getBoundingClientRect().width") <= 380,
        10,
        "phone width",
    )
    js(
        dialog,
        "(() => { const s = document.getElementById('card-type'); s.value = '1'; s.dispatchEvent(new Event('change')); })(); 0",
    )
    wait_canvas(dialog, "card type 2")
    assert frame_js(dialog, "doc.body.className") == "card card2"
    assert [c["tag"] for c in components(dialog)] == ["div", "atd-field"]
    click(dialog, "[data-side=back]")
    wait_canvas(dialog, "the back side")
    assert [c["type"] for c in components(dialog)][:3] == ["atd-field", "atd-el", "atd-el"]
    click(dialog, "#pv-night")
    wait_until(
        lambda: "nightMode" in frame_js(dialog, "doc.body.className"),
        10,
        "night mode in the canvas",
    )
    dialog.grab().save(str(artifacts / "canvas-night-phone.png"))
    click(dialog, "[data-mode=code]")
    set_code(dialog, "{{FrontSide}}<hr id=answer><b class=word>{{Word}}</b>")
    click(dialog, "[data-mode=visual]")
    wait_canvas(dialog, "the canvas after a code edit")
    assert [c["tag"] for c in components(dialog)][-2:] == ["b", "atd-field"]
    click(dialog, "#pv-night")
    js(
        dialog,
        "(() => { const s = document.getElementById('pv-device'); s.value = 'desktop'; s.dispatchEvent(new Event('change')); })(); 0",
    )
    close_discarding(dialog)


def close_discarding(dialog):
    js(
        dialog,
        "atd.app.session.discardDraft().then(() => atd.app.session.replaceDraft(structuredClone(atd.app.session.saved))); 0",
    )
    pump(0.3)
    close(dialog)


def test_every_corpus_template_opens_in_the_canvas_and_saves_byte_identical(mw):
    """Open → select every component → switch sides → save (after an unrelated CSS edit):
    the template Anki holds is exactly what it held before."""
    files = corpus_files(".html")
    assert len(files) >= 15
    names = []
    refused = []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")  # a note type holds text
        name = f"Corpus {path.stem}"
        try:
            new_notetype(mw, name, text, back_text=text)
        except CardTypeError:
            refused.append(path.name)  # Anki itself will not save this template
            continue
        names.append(name)
    assert len(names) >= 12, refused
    dialog = open_from_menu(mw)
    try:
        for name in names:
            before = mw.col.models.by_name(name)
            open_notetype(dialog, name)
            wait_canvas(dialog, f"{name} in the canvas")
            assert cv(dialog, "cv.parserHits") == 0
            ids = [c["id"] for c in components(dialog)]
            assert ids, name
            cv(dialog, f"({json.dumps(ids)}.forEach(id => cv.selectById(id)), 0)")
            click(dialog, "[data-side=back]")
            wait_canvas(dialog, f"{name} back")
            click(dialog, "[data-side=front]")
            wait_canvas(dialog, f"{name} front")
            assert front(dialog) == before["tmpls"][0]["qfmt"], name
            assert js(dialog, "atd.app.session.dirty") is False, name
            click(dialog, "[data-side=css]")
            set_code(dialog, before["css"] + "\n.atd-unrelated { color: red; }")
            save(dialog)
            after = mw.col.models.by_name(name)
            assert after["tmpls"][0]["qfmt"] == before["tmpls"][0]["qfmt"], name
            assert after["tmpls"][0]["afmt"] == before["tmpls"][0]["afmt"], name
            click(dialog, "[data-side=front]")
    finally:
        close(dialog)


def test_style_a_component_with_a_night_mode_colour(mw, artifacts):
    css = ".card { color: black; }\n.q { font-size: 20px; }\n.other { margin: 0; }\n"
    new_notetype(mw, "Canvas night", '<div class="q">{{Front}}</div>', css=css)
    dialog = open_canvas(mw, "Canvas night")
    select(dialog, component_id(dialog, "c.tag === 'div'"))
    wait_until(
        lambda: (
            js(
                dialog,
                "document.getElementById('cv-target-select')?.selectedOptions[0]?.textContent",
            )
            == "Rule .q (only this element)"
        ),
        10,
        "the .q rule as target",
    )
    cv(dialog, "(cv.styles.setNight(true), 0)")
    edits = cv(dialog, "cv.edits")
    cv(dialog, "(cv.editor.StyleManager.getProperty('typography', 'color').upValue('#ffcc00'), 0)")
    wait_edits(dialog, edits + 1, "the night colour")
    expected = ".card { color: black; }\n.q { font-size: 20px; }\n\n.nightMode .q {\n  color: #ffcc00;\n}\n.other { margin: 0; }\n"
    assert js(dialog, "atd.app.session.draft.css") == expected
    colour = "getComputedStyle(doc.querySelector('div.q')).color"
    click(dialog, "#pv-night")
    wait_until(
        lambda: frame_js(dialog, colour) == "rgb(255, 204, 0)", 10, "the night colour in the canvas"
    )
    dialog.grab().save(str(artifacts / "canvas-night-colour.png"))
    click(dialog, "#pv-night")
    wait_until(lambda: frame_js(dialog, colour) == "rgb(0, 0, 0)", 10, "the day colour back")
    # The day value: a plain declaration in .q, nothing else touched.
    cv(dialog, "(cv.styles.setNight(false), 0)")
    cv(dialog, "(cv.editor.StyleManager.getProperty('typography', 'font-size').upValue('24px'), 0)")
    wait_edits(dialog, edits + 2, "the day font size")
    expected = expected.replace(".q { font-size: 20px; }", ".q { font-size: 24px; }")
    assert js(dialog, "atd.app.session.draft.css") == expected
    assert front(dialog) == '<div class="q">{{Front}}</div>'
    save(dialog)
    assert mw.col.models.by_name("Canvas night")["css"] == expected
    close(dialog)


def test_type_and_bold_in_the_canvas_keeps_entities_and_the_field(mw):
    new_notetype(mw, "Canvas text", "<p>It&#39;s {{Front}} &amp; you</p>\n<div>other</div>")
    dialog = open_canvas(mw, "Canvas text")
    paragraph = component_id(dialog, "c.type === 'atd-text' && c.tag === 'p'")
    select(dialog, paragraph)
    cv(dialog, "(cv.editor.getSelected().trigger('active'), 0)")
    pump(0.2)
    frame_js(
        dialog,
        "(() => { const p = doc.querySelector('p'); const r = doc.createRange(); r.selectNodeContents(p);"
        " r.collapse(false); const s = doc.getSelection(); s.removeAllRanges(); s.addRange(r); p.focus(); return 0; })()",
    )
    target = dialog.web.focusProxy() or dialog.web
    QTest.keyClicks(target, " now")
    pump(0.2)
    assert frame_js(dialog, "doc.querySelector('p').textContent").endswith("you now")
    frame_js(
        dialog,
        "(() => { const p = doc.querySelector('p'); const t = p.lastChild; const r = doc.createRange();"
        " r.setStart(t, t.length - 3); r.setEnd(t, t.length); const s = doc.getSelection(); s.removeAllRanges();"
        " s.addRange(r); return doc.execCommand('bold'); })()",
    )
    edits = cv(dialog, "cv.edits")
    click_in_frame(dialog, "div")  # clicking elsewhere ends the editing and commits it
    wait_edits(dialog, edits + 1, "the text commit")
    assert front(dialog) == "<p>It&#39;s {{Front}} &amp; you <b>now</b></p>\n<div>other</div>"
    assert cv(dialog, "cv.parserHits") == 0
    save(dialog)
    assert (
        saved_front(mw, "Canvas text")
        == "<p>It&#39;s {{Front}} &amp; you <b>now</b></p>\n<div>other</div>"
    )
    close(dialog)


def test_duplicate_copy_and_paste_across_sides_carry_the_exact_bytes(mw):
    new_notetype(
        mw, "Canvas copy", "<div class=a>A&nbsp;{{Front}}</div>\r\n<p>B</p>", back_text="{{Back}}"
    )
    dialog = open_canvas(mw, "Canvas copy")
    select(dialog, component_id(dialog, "c.tag === 'div'"))
    cv(dialog, "(cv.editor.Canvas.getWindow().focus(), 0)")
    edits = cv(dialog, "cv.edits")
    key(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_edits(dialog, edits + 1, "the duplicate")
    assert (
        front(dialog)
        == "<div class=a>A&nbsp;{{Front}}</div><div class=a>A&nbsp;{{Front}}</div>\r\n<p>B</p>"
    )
    select(dialog, component_id(dialog, "c.tag === 'p'"))
    cv(dialog, "(cv.editor.runCommand('core:copy'), 0)")
    wait_until(lambda: cv(dialog, "cv.clipboard?.text") == "<p>B</p>", 10, "the copy")
    click(dialog, "[data-side=back]")
    wait_canvas(dialog, "the back side")
    select(dialog, component_id(dialog, "c.type === 'atd-field'"))
    cv(dialog, "(cv.editor.runCommand('core:paste'), 0)")
    wait_edits(dialog, edits + 2, "the paste")
    assert (
        json.loads(js(dialog, "JSON.stringify(atd.app.session.draft.tmpls[0].afmt)"))
        == "{{Back}}<p>B</p>"
    )
    save(dialog)
    saved = mw.col.models.by_name("Canvas copy")["tmpls"][0]
    assert saved["afmt"] == "{{Back}}<p>B</p>"
    assert (
        saved["qfmt"]
        == "<div class=a>A&nbsp;{{Front}}</div><div class=a>A&nbsp;{{Front}}</div>\r\n<p>B</p>"
    )
    close(dialog)


def test_moving_a_component_moves_its_exact_bytes(mw):
    new_notetype(
        mw, "Canvas move", "<div class=a>{{Front}}</div>\n<p title='x'>para &amp; more</p>"
    )
    dialog = open_canvas(mw, "Canvas move")
    edits = cv(dialog, "cv.edits")
    # What GrapesJS does when a component is dragged in the canvas or the layer tree.
    cv(
        dialog,
        "(() => { const p = cv.findComponent(cv.describe().find(c => c.tag === 'p').id);"
        " const div = cv.findComponent(cv.describe().find(c => c.tag === 'div').id);"
        " p.move(div, { at: 0 }); return 0; })()",
    )
    wait_edits(dialog, edits + 1, "the move")
    assert front(dialog) == "<div class=a><p title='x'>para &amp; more</p>{{Front}}</div>\n"
    assert [c["tag"] for c in components(dialog)][:3] == ["div", "p", ""]
    # Reordering siblings: the components must show the new tree, id for id.
    cv(
        dialog,
        "(() => { const div = cv.findComponent(cv.describe().find(c => c.tag === 'div').id);"
        " div.components().at(1).move(div, { at: 0 }); return 0; })()",
    )
    wait_edits(dialog, edits + 2, "the reorder")
    assert front(dialog) == "<div class=a>{{Front}}<p title='x'>para &amp; more</p></div>\n"
    tree_ids = cv(
        dialog,
        "(() => { const out = []; const walk = (ns) => ns.forEach(n => { out.push(n.id); walk(n.c || []); });"
        " walk(cv.tree.nodes); return out; })()",
    )
    assert [c["id"] for c in components(dialog)] == tree_ids
    close_discarding(dialog)
