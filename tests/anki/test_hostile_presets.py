"""A hostile .atdpreset, imported and applied in a real Anki (issue #10 §1): markup in its
name and card type name stays text, a "font" whose bytes are a script is flagged on
import, and no media file enters the collection before the user has seen the list."""

import os

from test_presets_in_anki import PANEL_ELEMENTS, answer_file_dialog, open_gallery, press

from anki_harness import pump, wait_until
from designer_driver import answer_modal, click, close, js, open_from_menu, open_notetype

NAME = "Pretty <img src=x onerror=top.atdPwned='preset-name'>"
FAKE_FONT = b"top.atdPwned = 'media'; parent.pycmd && parent.pycmd('atd:PWNED');"


def hostile_design(tmp_path):
    from anki_template_designer.services.presets.archive import media_entries, write_preset_file
    from anki_template_designer.services.presets.model import CardTypeTemplates, Design, Preset

    media = {"_pretty.woff": FAKE_FONT}
    preset = Preset(
        id="0123456789abcdef0123456789abcdee",
        kind="design",
        name=NAME,
        description="<iframe srcdoc='<script>top.atdPwned=1</script>'></iframe>",
        body=Design(
            "standard",
            (
                CardTypeTemplates(
                    "Card <svg/onload=top.atdPwned='card-name'>",
                    "<div class=\"<img src=x onerror=top.atdPwned='class'>\">{{Front}}</div>",
                    "{{FrontSide}}<hr id=answer>{{Back}}",
                ),
            ),
            "@font-face { font-family: pretty; src: url(_pretty.woff); } .card { font-family: pretty; }",
        ),
        fields=("Front", "Back"),
        created="2026-05-01T00:00:00Z",
        modified="2026-05-01T00:00:00Z",
        media=media_entries(media),
    )
    path = tmp_path / "pretty.atdpreset"
    write_preset_file(path, preset, media)
    return path


def no_active_markup(dialog):
    return js(
        dialog,
        f"{PANEL_ELEMENTS}.filter(el => ['SCRIPT','IFRAME','OBJECT','EMBED','SVG','svg'].includes(el.tagName)"
        " || [...el.attributes].some(a => a.name.startsWith('on')))"
        ".map(el => el.outerHTML.slice(0, 80))",
    )


def test_a_hostile_preset_is_flagged_shown_as_text_and_its_media_confirmed(mw, tmp_path, addon_log):
    media_dir = mw.col.media.dir()
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    answer_file_dialog(dialog, hostile_design(tmp_path))
    open_gallery(dialog)
    click(dialog, "#presets-import")
    wait_until(
        lambda: js(dialog, "document.querySelectorAll('.presets-findings li').length") >= 4,
        10,
        "the findings",
    )
    listed = js(
        dialog, "[...document.querySelectorAll('.presets-findings li')].map(l => l.textContent)"
    )
    for where in ("/name", "/description", "/design/cardTypes/0/name", "/media/_pretty.woff"):
        assert any(line.startswith(where + ":") for line in listed), (where, listed)
    assert any("/design/cardTypes/0/front" in line for line in listed), listed
    # The user keeps it as it is: everything still shows as text, nothing runs.
    answer_modal(dialog, "keep")
    wait_until(
        lambda: js(
            dialog,
            f"[...document.querySelectorAll('#presets-dialog .preset-name')].some(e => e.textContent === {NAME!r})",
        ),
        10,
        "the imported preset, named as text",
    )
    pump(0.5)
    assert no_active_markup(dialog) == []
    assert js(dialog, "window.atdPwned === undefined") is True
    # Applying it asks about its media file first; "without them" writes nothing.
    press(dialog, NAME, "apply")
    message = answer_modal(dialog, "skip")
    assert "_pretty.woff" in message, message
    wait_until(
        lambda: js(dialog, "atd.app.session.history.undoLabel") == f"Apply design {NAME}",
        10,
        "apply",
    )
    assert not os.path.exists(os.path.join(media_dir, "_pretty.woff"))
    assert js(dialog, "window.atdPwned === undefined") is True
    assert "PWNED" not in addon_log.read_text(encoding="utf-8")
    close_without_saving(dialog)


def close_without_saving(dialog):
    dialog.dirty = False
    close(dialog)
