"""Edits land on the card and the canvas looks like the card (issue 11), in a real Anki,
on templates of our own making with the shapes real-world note types have: elements
without classes under global rules, text ending in a newline, stacked conditions,
content revealed by scripts, sections that cross elements, many scripts."""

import json

import pytest
from test_canvas_in_anki import close_discarding, new_notetype, open_canvas, save

from anki_harness import pump, wait_until
from canvas_driver import component_id, cv, frame_js, front, select, wait_edits
from designer_driver import close, js


def target_options(dialog):
    """The style panel's targets: (group label, option text, selected)."""
    return js(
        dialog,
        "[...document.querySelectorAll('#cv-target-select option')].map(o =>"
        " [o.parentElement.label || '', o.textContent, o.selected])",
    )


def selected_target(dialog):
    return js(
        dialog, "document.getElementById('cv-target-select')?.selectedOptions[0]?.textContent"
    )


def style(dialog, sector, prop, value):
    edits = cv(dialog, "cv.edits")
    cv(
        dialog,
        f"(cv.editor.StyleManager.getProperty({json.dumps(sector)}, {json.dumps(prop)})"
        f".upValue({json.dumps(value)}), 0)",
    )
    wait_edits(dialog, edits + 1, f"the {prop} change")


# Each shape: CSS, front template, which element is selected (a describe() predicate),
# the target the panel must pick by default, and the text after a font-size change.
STYLE_SHAPES = {
    "only a universal rule matches": (
        "* { font-size: 14px; }\n.card { color: black; }\n",
        "<div>{{Front}}</div>\n<div>other</div>",
        "c.tag === 'div'",
        "This element only (inline style)",
        ('<div style="font-size: 24px;">{{Front}}</div>\n<div>other</div>', None),
    ),
    "a tag rule and an own-class rule": (
        "div { font-size: 14px; }\n.word { color: navy; }\n",
        '<div class="word">{{Front}}</div>\n<div>other</div>',
        "c.tag === 'div'",
        "Rule .word (only this element)",
        (
            '<div class="word">{{Front}}</div>\n<div>other</div>',
            "div { font-size: 14px; }\n.word { color: navy; font-size: 24px; }\n",
        ),
    ),
    "a class with no rule of its own, under a descendant rule": (
        ".card div { margin: 0; }\n",
        '<div class="a">{{Front}}</div>\n<div class="a">x</div>',
        "c.tag === 'div'",
        "This element only (inline style)",
        ('<div class="a" style="font-size: 24px;">{{Front}}</div>\n<div class="a">x</div>', None),
    ),
}


@pytest.mark.parametrize("shape", list(STYLE_SHAPES))
def test_style_targets_are_the_cards_own_and_default_to_the_element(mw, shape):
    css, template, which, expected, (after_front, after_css) = STYLE_SHAPES[shape]
    name = f"Style shape {list(STYLE_SHAPES).index(shape)}"
    new_notetype(mw, name, template, css=css)
    dialog = open_canvas(mw, name)
    select(dialog, component_id(dialog, which))
    wait_until(lambda: selected_target(dialog) == expected, 10, f"the default target {expected}")
    options = target_options(dialog)
    texts = [text for _, text, _ in options]
    # Never an editor-internal class (GrapesJS's selection class, our own classes).
    assert not any("gjs-" in text or ".atd-" in text for text in texts), texts
    # Broad rules are offered, in their own group, with the number they affect.
    for group, text, _ in options:
        if text.startswith(("Rule *", "Rule div", "Rule .card div")):
            assert group.startswith("Broader rules"), (group, text)
            assert "affects" in text and "elements" in text, text
    if shape == "a class with no rule of its own, under a descendant rule":
        assert "New rule .a (affects 2 elements)" in texts
    style(dialog, "typography", "font-size", "24px")
    assert front(dialog) == after_front
    assert js(dialog, "atd.app.session.draft.css") == (after_css or css)
    save(dialog)
    saved = mw.col.models.by_name(name)
    assert saved["tmpls"][0]["qfmt"] == after_front
    assert saved["css"] == (after_css or css)
    close(dialog)


def test_the_style_panel_shows_the_elements_computed_font_and_colour(mw):
    css = ".card { font-family: Georgia, serif; color: rgb(10, 20, 30); font-size: 19px; }\n"
    new_notetype(mw, "Style computed", "<p>{{Front}}</p>", css=css)
    dialog = open_canvas(mw, "Style computed")
    select(dialog, component_id(dialog, "c.tag === 'p'"))
    pump(0.3)
    shown = cv(
        dialog,
        "['font-family', 'color', 'font-size'].map(p => cv.styles.shownValue('typography', p))",
    )
    assert shown[0].startswith("Georgia"), shown
    assert shown[1] == "rgb(10, 20, 30)", shown
    assert shown[2] == "19px", shown
    # What the panel's inputs show (not GrapesJS's "Arial" / "black" placeholders).
    inputs = js(
        dialog,
        "[...document.querySelectorAll('#cv-styles .gjs-sm-property__color input')].map(i => i.value || i.placeholder)",
    )
    assert "rgb(10, 20, 30)" in inputs, inputs
    close_discarding(dialog)


def type_at(dialog, selector, text, where="end"):
    """Put the caret at the start or end of an element's text in the canvas, type `text`
    with real key events, then click elsewhere to commit the rich-text editing."""
    from PyQt6.QtTest import QTest

    from canvas_driver import click_in_frame

    node = component_id(dialog, f"c.type === 'atd-text' && c.tag === {json.dumps(selector)}")
    select(dialog, node)
    cv(dialog, "(cv.editor.getSelected().trigger('active'), 0)")
    pump(0.2)
    collapse = "false" if where == "end" else "true"
    element = json.dumps(f'[data-atd-id="{node}"]')
    frame_js(
        dialog,
        f"(() => {{ const p = doc.querySelector({element}); const r = doc.createRange();"
        f" r.selectNodeContents(p); r.collapse({collapse}); const s = doc.getSelection();"
        " s.removeAllRanges(); s.addRange(r); p.focus(); return 0; })()",
    )
    QTest.keyClicks(dialog.web.focusProxy() or dialog.web, text)
    pump(0.2)
    edits = cv(dialog, "cv.edits")
    click_in_frame(dialog, "hr")
    wait_edits(dialog, edits + 1, "the text commit")


# Text elements whose tags sit on lines of their own: typing changes only the text.
TEXT_SHAPES = {
    "closing tag after a newline": (
        "<p>one {{Front}} two\n</p>\n<hr>",
        "end",
        " now",
        "<p>one {{Front}} two now\n</p>\n<hr>",
    ),
    "indented content": (
        "<div>\n  Say it\n</div>\n<hr>{{Front}}",
        "end",
        " more",
        "<div>\n  Say it more\n</div>\n<hr>{{Front}}",
    ),
    "typing at the start": (
        "<p>\n\tword\r\n</p><hr>{{Front}}",
        "start",
        "A ",
        "<p>\n\tA word\r\n</p><hr>{{Front}}",
    ),
}


@pytest.mark.parametrize("shape", list(TEXT_SHAPES))
def test_typing_keeps_the_newlines_around_the_text(mw, shape):
    template, where, typed, expected = TEXT_SHAPES[shape]
    tag = "p" if template.startswith("<p") else "div"
    name = f"Text shape {list(TEXT_SHAPES).index(shape)}"
    new_notetype(mw, name, template)
    dialog = open_canvas(mw, name)
    type_at(dialog, tag, typed, where)
    assert front(dialog) == expected
    save(dialog)
    assert mw.col.models.by_name(name)["tmpls"][0]["qfmt"] == expected
    close(dialog)


# Sections that cross elements (a <center> or <div> opened in one section and closed in
# another): the card's text around them is shown and editable; only the section tags are
# kept as written, marked in the canvas and listed in Problems.
CROSSING_SHAPES = {
    "element opened in one section, closed in another": (
        "{{#Front}}<div class=box>{{/Front}}<p>Shared words</p>\n{{#Front}}</div>{{/Front}}<hr>",
        4,
    ),
    "section opened in one element, closed in the next": (
        "<div class=a>{{#Back}}<p>Shared words</p></div>\n<div class=b>{{/Back}}{{Front}}</div><hr>",
        2,
    ),
}


@pytest.mark.parametrize("shape", list(CROSSING_SHAPES))
def test_sections_crossing_elements_leave_the_text_editable(mw, shape, artifacts):
    template, markers = CROSSING_SHAPES[shape]
    name = f"Crossing shape {list(CROSSING_SHAPES).index(shape)}"
    new_notetype(mw, name, template)
    dialog = open_canvas(mw, name)
    try:
        assert "Shared words" in visible_text(dialog)
        dialog.web.grab().save(str(artifacts / f"{name.lower().replace(' ', '-')}.png"))
        shown = frame_js(
            dialog,
            "[...doc.querySelectorAll('[data-gjs-type=atd-placeholder]')]"
            ".map(e => e.getAttribute('data-atd-label'))",
        )
        assert len(shown) == markers and all("crosses elements" in label for label in shown)
        assert frame_js(dialog, "doc.querySelectorAll('atd-raw').length") == 0
        listed = "document.querySelectorAll('#diagnostics [data-code=preserved-region]').length"
        wait_until(lambda: js(dialog, listed) == markers, 15, "each marker in Problems")
        type_at(dialog, "p", " too")
        expected = template.replace("Shared words", "Shared words too")
        assert front(dialog) == expected
        save(dialog)
        assert mw.col.models.by_name(name)["tmpls"][0]["qfmt"] == expected
    finally:
        close(dialog)


def visible_text(dialog):
    return frame_js(dialog, "doc.body.innerText")


def test_conditions_show_what_the_card_shows_and_scripts_get_one_marker(mw):
    # A language card with stacked conditions: the note fills Reading, not Audio.
    template = (
        "<div class=word>{{Front}}</div>\n{{#Reading}}<div class=r>READ {{Reading}}</div>{{/Reading}}"
        "\n{{^Reading}}<div class=nr>NO READING</div>{{/Reading}}"
        "\n{{#Audio}}<div class=a>AUDIO {{Audio}}</div>{{/Audio}}"
        "\n<script>var a = 1;</script><script>var b = 2;</script>"
    )
    notetype = new_notetype(mw, "Stacked conditions", template)
    note = mw.col.new_note(notetype)
    note["Front"], note["Reading"] = "taberu", "ta-be-ru"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    dialog = open_canvas(mw, "Stacked conditions")
    wait_until(lambda: "READ" in visible_text(dialog), 10, "the filled condition")
    text = visible_text(dialog)
    assert "NO READING" not in text and "AUDIO" not in text, text
    # Every branch is still a component (reachable in Layers).
    assert sum(c["type"] == "atd-section" for c in cv(dialog, "cv.describe()")) == 3
    # "Show all conditions" shows the others too.
    js(
        dialog,
        "(() => { const c = document.getElementById('cv-show-all'); c.click(); return 0; })()",
    )
    wait_until(lambda: "AUDIO" in visible_text(dialog), 10, "all conditions")
    assert "NO READING" in visible_text(dialog)
    js(dialog, "document.getElementById('cv-show-all').click(); 0")
    wait_until(lambda: "AUDIO" not in visible_text(dialog), 10, "the card's conditions again")
    # Two scripts: one marker with the count, no chip per script in the card.
    assert js(dialog, "document.getElementById('cv-scripts').textContent") == "⚙ 2 scripts"
    assert js(dialog, "document.getElementById('cv-scripts').hidden") is False
    assert "Script" not in visible_text(dialog)
    js(dialog, "document.getElementById('cv-scripts').click(); 0")
    wait_until(lambda: js(dialog, "atd.app.editor.mode") == "code", 10, "code view")
    close_discarding(dialog)


HIDDEN_SHAPES = {
    "one-by-one cloze": '<div id=c style="display:none">{{Front}}</div><script>show()</script>',
    "image occlusion container": "<div class=io hidden>{{Front}}</div><script>reveal()</script>",
    "hidden with other styles": '<div style="color: red; display: none !important">{{Front}}</div>',
}


@pytest.mark.parametrize("shape", list(HIDDEN_SHAPES))
def test_content_hidden_until_a_script_runs_is_shown_and_marked(mw, shape):
    name = f"Hidden shape {list(HIDDEN_SHAPES).index(shape)}"
    template = HIDDEN_SHAPES[shape]
    notetype = new_notetype(mw, name, template)
    note = mw.col.new_note(notetype)
    note["Front"] = "MAIN CONTENT"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    dialog = open_canvas(mw, name)
    wait_until(lambda: "MAIN CONTENT" in visible_text(dialog), 10, "the hidden content shown")
    assert frame_js(dialog, "doc.querySelectorAll('[data-atd-revealed]').length") == 1
    # Display only: the template keeps what hides it.
    assert front(dialog) == template
    close_discarding(dialog)


def test_forwarded_shortcuts_act_once_wherever_the_focus_is(mw):
    from aqt.qt import Qt

    from canvas_driver import key

    new_notetype(mw, "Shortcut once", "<div>{{Front}}</div>")
    dialog = open_canvas(mw, "Shortcut once")
    mode = "atd.app.editor.mode"
    # Focus in the page (outside the canvas frame): Ctrl+E switches once, to code.
    js(
        dialog,
        "(document.activeElement && document.activeElement.blur(), document.body.focus(), 0)",
    )
    key(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    pump(0.3)
    assert js(dialog, mode) == "code"
    key(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: js(dialog, mode) == "visual", 10, "visual again")
    # Focus inside the canvas frame: forwarded to the page, once.
    select(dialog, component_id(dialog, "c.tag === 'div'"))
    cv(dialog, "(cv.editor.Canvas.getWindow().focus(), 0)")
    key(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    pump(0.3)
    assert js(dialog, mode) == "code"
    close_discarding(dialog)


SCREEN_CARDS = {
    "medical-cloze": (
        '<div class="cloze-card">{{cloze:Text}}</div>\n<div class=extra>{{Back Extra}}</div>\n'
        "<script>/* one by one */</script>",
        ".card { font-family: Georgia; font-size: 20px; }\n.cloze { color: #1565c0; }\n",
        {
            "Text": "The {{c1::left ventricle}} pumps into the {{c2::aorta}}.",
            "Back Extra": "Cardiology",
        },
    ),
    "image-occlusion": (
        '<div id="io" style="display:none">{{Front}}</div>\n<script>reveal()</script>',
        ".card { text-align: center; }\n",
        {"Front": "Occluded diagram", "Back": ""},
    ),
    "language-stacked": (
        "<div class=word>{{Front}}</div>\n{{#Reading}}<div>{{Reading}}</div>{{/Reading}}\n"
        "{{^Reading}}<div>no reading</div>{{/Reading}}\n{{#Audio}}<div>{{Audio}}</div>{{/Audio}}",
        ".word { font-size: 40px; }\n",
        {"Front": "食べる", "Reading": "たべる"},
    ),
}


def test_screenshots_of_real_world_shapes_at_two_window_sizes(mw, artifacts):
    for name, (template, css, fields) in SCREEN_CARDS.items():
        title = f"Screens {name}"
        models = mw.col.models
        if name == "medical-cloze":
            existing = models.by_name(title)
            if existing:
                models.remove(existing["id"])
            notetype = models.copy(models.by_name("Cloze"), add=False)
            notetype["name"] = title
            notetype["tmpls"][0]["qfmt"] = template
            notetype["css"] = css
            models.add_dict(notetype)
            notetype = models.by_name(title)
        else:
            notetype = new_notetype(mw, title, template, css=css)
        note = mw.col.new_note(notetype)
        for field, value in fields.items():
            if field in note:
                note[field] = value
        mw.col.add_note(note, mw.col.decks.id("Default"))
        dialog = open_canvas(mw, title)
        for width, height in ((1366, 768), (1920, 1080)):
            dialog.resize(width, height)
            pump(0.8)
            path = artifacts / f"canvas-{name}-{width}x{height}.png"
            dialog.grab().save(str(path))
            assert path.stat().st_size > 0
        close_discarding(dialog)
