"""Every stock note type previews as in Anki (issue #11), each with a real note of its
own: the card's content is on screen (cloze gaps, the type-in box, Image Occlusion's
image with its masks drawn by Anki's own reviewer script) and the preview logged no
JavaScript error. Image Occlusion's note is made through Anki's API, with a real image."""

import struct
import zlib

import pytest

from anki_harness import eval_js, pump, wait_until
from designer_driver import click, close, js, open_from_menu

IMAGE = "atd-stock-preview-heart.png"


def png(width, height):
    """A real PNG (a light blue picture), so the browser decodes and sizes it."""
    row = b"\x00" + bytes([200, 220, 240]) * width
    raw = row * height

    def chunk(kind, body):
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def add_note(mw, notetype, **fields):
    note = mw.col.new_note(mw.col.models.by_name(notetype))
    for name, value in fields.items():
        note[name] = value
    mw.col.add_note(note, mw.col.decks.id("Default"))
    return note


def image_occlusion_note(mw, tmp_path):
    mw.col.add_image_occlusion_notetype()
    notetype = mw.col.models.by_name("Image Occlusion")
    path = tmp_path / IMAGE
    path.write_bytes(png(240, 160))
    occlusions = (
        "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}"
        "{{c2::image-occlusion:ellipse:left=.6:top=.3:rx=.1:ry=.15:oi=1}}"
    )
    mw.col.add_image_occlusion_note(
        notetype["id"], str(path), occlusions, "IO header: the heart", "IO back extra", []
    )
    (note_id,) = mw.col.find_notes('"note:Image Occlusion" "Header:IO header: the heart"')
    return mw.col.get_note(note_id)


@pytest.fixture(scope="module")
def stock_notes(mw, tmp_path_factory):
    return {
        "Basic": add_note(mw, "Basic", Front="Stock basic front", Back="Stock basic back"),
        "Basic (and reversed card)": add_note(
            mw, "Basic (and reversed card)", Front="Reversed front", Back="Reversed back"
        ),
        "Basic (optional reversed card)": add_note(
            mw,
            "Basic (optional reversed card)",
            Front="Optional front",
            Back="Optional back",
            **{"Add Reverse": "y"},
        ),
        "Basic (type in the answer)": add_note(
            mw, "Basic (type in the answer)", Front="Type the capital", Back="Paris"
        ),
        "Cloze": add_note(
            mw,
            "Cloze",
            Text="The {{c1::mitral}} valve and the {{c2::aortic}} valve",
            **{"Back Extra": "Cloze extra"},
        ),
        "Image Occlusion": image_occlusion_note(mw, tmp_path_factory.mktemp("io")),
    }


#: (note type, card ordinal, side, text the preview must show)
CASES = [
    ("Basic", 0, "question", "Stock basic front"),
    ("Basic", 0, "answer", "Stock basic back"),
    ("Basic (and reversed card)", 0, "question", "Reversed front"),
    ("Basic (and reversed card)", 1, "question", "Reversed back"),
    ("Basic (and reversed card)", 1, "answer", "Reversed front"),
    ("Basic (optional reversed card)", 0, "question", "Optional front"),
    ("Basic (optional reversed card)", 1, "question", "Optional back"),
    ("Basic (type in the answer)", 0, "question", "Type the capital"),
    ("Basic (type in the answer)", 0, "answer", "Paris"),
    ("Cloze", 0, "question", "aortic"),
    ("Cloze", 1, "question", "mitral"),
    ("Cloze", 0, "answer", "Cloze extra"),
    ("Image Occlusion", 0, "question", "IO header: the heart"),
    ("Image Occlusion", 1, "question", "IO header: the heart"),
    ("Image Occlusion", 0, "answer", "IO back extra"),
]


def preview(dialog, script):
    return eval_js(dialog.preview, script)


def show(dialog, addon, notetype, note, ordinal, side):
    notetype_id = note.note_type()["id"]
    addon.ADDON_RUNTIME.open_designer(notetype_id=notetype_id, note_id=note.id)
    wait_until(
        lambda: (
            (js(dialog, "document.getElementById('notetype-title').textContent") or "").rstrip(" •")
            == notetype
        ),
        15,
        f"{notetype} to open",
    )
    if notetype.startswith("Cloze") or notetype == "Image Occlusion":
        select = "pv-cloze"
    else:
        select = "card-type"
    # The cloze numbers come with the note type's preview, which follows the canvas.
    wait_until(
        lambda: js(dialog, f"document.getElementById('{select}').options.length > {ordinal}"),
        15,
        f"{notetype}'s {select} choices",
    )
    js(
        dialog,
        f"(() => {{ const s = document.getElementById('{select}');"
        f" s.value = s.options[{ordinal}].value; s.dispatchEvent(new Event('change')); }})(); 0",
    )
    click(dialog, "#pv-answer" if side == "answer" else "#pv-question")


@pytest.fixture(scope="module")
def designer(mw, stock_notes):
    dialog = open_from_menu(mw)
    js(dialog, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
    yield dialog
    dialog.dirty = False
    close(dialog)


@pytest.mark.parametrize(("notetype", "ordinal", "side", "text"), CASES)
def test_every_stock_note_type_previews_its_card_without_a_script_error(
    designer, addon, stock_notes, notetype, ordinal, side, text
):
    note = stock_notes[notetype]
    show(designer, addon, notetype, note, ordinal, side)
    wait_until(
        lambda: text in (preview(designer, "document.getElementById('qa')?.innerText || ''")),
        15,
        f"{notetype} card {ordinal + 1} {side} to show {text!r}",
    )
    pump(0.5)  # the card's own scripts run after it is shown
    assert designer.preview.console_errors() == [], designer.preview.console_errors()
    qa = "document.getElementById('qa')"
    if notetype == "Basic (type in the answer)" and side == "question":
        assert preview(designer, f"!!{qa}.querySelector('input#typeans')"), "no type-in box"
    if notetype == "Basic (type in the answer)" and side == "answer":
        assert preview(designer, f"!!{qa}.querySelector('#typeans, code#typeans, .typeGood')")
    if notetype == "Cloze" and side == "question":
        gap = preview(designer, f"{qa}.querySelector('.cloze')?.textContent")
        assert gap == "[...]", gap
    if notetype == "Image Occlusion":
        assert_image_occlusion_drawn(designer, side)


def assert_image_occlusion_drawn(designer, side):
    qa = "document.getElementById('qa')"
    assert preview(designer, f"{qa}.querySelector('#err')?.textContent.trim()") == ""
    wait_until(
        lambda: (
            preview(designer, f"{qa}.querySelector('#image-occlusion-container img')?.naturalWidth")
            == 240
        ),
        10,
        "the occluded image to load from Anki's media",
    )
    # Anki's own script (reviewer.js: anki.imageOcclusion) drew the masks on its canvas
    drawn = wait_until(
        lambda: preview(
            designer,
            f"(() => {{ const c = {qa}.querySelector('#image-occlusion-canvas');"
            " if (!c || !c.width || !c.height) return 0;"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()",
        ),
        10,
        "the occlusion masks to be drawn",
    )
    assert drawn > 100, f"only {drawn} pixels drawn on the occlusion canvas ({side})"


def test_mathjax_loads_only_for_a_card_with_math_and_then_typesets_it(
    mw, designer, addon, stock_notes
):
    """As Anki's reviewer does: a card without `\\(`/`\\[` never loads MathJax (about 16 MiB
    across the preview's and Anki's processes); a card with math loads it and typesets."""
    from importlib import import_module

    view = import_module(f"{addon.__name__}.gui.preview_view")
    show(designer, addon, "Basic", stock_notes["Basic"], 0, "question")
    qa_text = "document.getElementById('qa')?.innerText || ''"
    wait_until(lambda: "Stock basic front" in preview(designer, qa_text), 15, "the plain card")
    if view._mathjax_on_demand():
        assert preview(designer, "typeof window.MathJax") == "undefined"
    math = add_note(mw, "Basic", Front=r"Energy \(E = mc^2\)", Back="Einstein")
    show(designer, addon, "Basic", math, 0, "question")
    wait_until(
        lambda: preview(designer, "!!document.querySelector('#qa mjx-container')"),
        20,
        "MathJax to typeset the card",
    )
    assert designer.preview.console_errors() == [], designer.preview.console_errors()
