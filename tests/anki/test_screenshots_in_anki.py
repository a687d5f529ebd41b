"""Screenshots of three note types of our own making, open in the designer in a real Anki
at 1366×768 and 1920×1080 (and at 1366×768 in night mode): a medical cloze in the style of
shared boards decks (many fields, hint buttons, extra sections), an image occlusion card
and a language card with stacked and nested conditions. Each is also checked by geometry
and content: the canvas and the preview show the note, the side panels sit beside the
canvas, nothing is off the page. Screenshots: test-artifacts/screenshots/."""

import json
from pathlib import Path

import pytest
from test_stock_previews_in_anki import png

from anki_harness import eval_js, pump, wait_until
from canvas_driver import frame_js, wait_canvas
from designer_driver import click, close, js, open_from_menu

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "screenshots"
SIZES = [(1366, 768), (1920, 1080)]

MEDICAL_FIELDS = [
    "Text", "Extra", "Lecture Notes", "Missed Questions", "Mnemonic", "Image", "Pathoma",
    "Boards and Beyond", "First Aid", "Sketchy", "Personal Notes", "Source",
]  # fmt: skip
LANGUAGE_FIELDS = [
    "Word", "Article", "Gender", "Reading", "Plural", "Meaning", "Audio", "Image",
    "Example", "Example Translation", "Notes",
]  # fmt: skip


def read(name):
    return (CORPUS / name).read_text(encoding="utf-8")


def notetype(mw, name, fields, front, back, css, cloze=False):
    models = mw.col.models
    if existing := models.by_name(name):
        models.remove(existing["id"])
    nt = models.new(name)
    if cloze:
        nt["type"] = 1
    for field in fields:
        models.add_field(nt, models.new_field(field))
    template = models.new_template("Cloze" if cloze else "Recognition")
    template["qfmt"], template["afmt"] = front, back
    models.add_template(nt, template)
    nt["css"] = css
    models.add_dict(nt)
    return models.by_name(name)


def add_note(mw, nt, tags="", **fields):
    note = mw.col.new_note(nt)
    for name, value in fields.items():
        note[name] = value
    note.tags = tags.split()
    mw.col.add_note(note, mw.col.decks.id("Default"))
    return note


def medical(mw):
    nt = notetype(
        mw, "ATD Medical Cloze", MEDICAL_FIELDS, read("medical_front.html"),
        read("medical_back.html"), read("medical.css"), cloze=True,
    )  # fmt: skip
    return add_note(
        mw,
        nt,
        tags="Cardio::Valves Step1",
        Text="The {{c1::mitral}} valve sits between the left atrium and the "
        "{{c2::left ventricle}}; its stenosis causes an {{c3::opening snap}}.",
        Extra="Rheumatic fever is the most common cause of mitral stenosis.",
        **{
            "Lecture Notes": "Diastolic rumble best heard at the apex.",
            "Missed Questions": "Q 1234: opening snap timing",
            "Mnemonic": "MS = Mid-diastolic Snap",
            "Pathoma": "Ch. 8 p. 68",
            "First Aid": "FA 2026 p. 301",
            "Personal Notes": "Compare with aortic stenosis (crescendo-decrescendo).",
            "Source": "Own notes, Cardio block",
        },
    )


def image_occlusion(mw, tmp_path):
    mw.col.add_image_occlusion_notetype()
    stock = mw.col.models.by_name("Image Occlusion")
    if existing := mw.col.models.by_name("ATD Anatomy Occlusion"):
        mw.col.models.remove(existing["id"])
    own = mw.col.models.copy(stock, add=False)
    own["name"] = "ATD Anatomy Occlusion"
    own["css"] += (
        "\n#image-occlusion-container img { border-radius: 6px; }\n.header { font-size: 18px; font-weight: 600; }\n"
    )
    mw.col.models.add_dict(own)
    own = mw.col.models.by_name("ATD Anatomy Occlusion")
    image = tmp_path / "atd-screenshot-anatomy.png"
    image.write_bytes(png(480, 300))
    occlusions = (
        "{{c1::image-occlusion:rect:left=.08:top=.15:width=.25:height=.2:oi=1}}"
        "{{c2::image-occlusion:ellipse:left=.55:top=.35:rx=.12:ry=.15:oi=1}}"
        "{{c3::image-occlusion:rect:left=.3:top=.65:width=.4:height=.15:oi=1}}"
    )
    mw.col.add_image_occlusion_note(
        own["id"], str(image), occlusions, "Chambers of the heart", "Four chambers", []
    )
    (note_id,) = mw.col.find_notes('"note:ATD Anatomy Occlusion"')
    return mw.col.get_note(note_id)


def language(mw):
    nt = notetype(
        mw, "ATD German Vocabulary", LANGUAGE_FIELDS, read("language_front.html"),
        read("language_back.html"), read("language.css"),
    )  # fmt: skip
    return add_note(
        mw,
        nt,
        Word="Haus",
        Article="das",
        Gender="n",
        Plural="Häuser",
        Meaning="house",
        Example="Das Haus ist alt.",
        Notes="neuter like most -haus compounds",
    )


#: (name, builder, text the canvas and the preview must show)
DESIGNS = [
    ("medical-cloze", lambda mw, tmp: medical(mw), "left ventricle"),
    ("image-occlusion", image_occlusion, "Chambers of the heart"),
    ("language-stacked-conditions", lambda mw, tmp: language(mw), "Haus"),
]


def rect(dialog, selector):
    return js(
        dialog,
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        " if (!e) return null; const r = e.getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,"
        " width: r.width, height: r.height}; })()",
    )


def assert_layout(dialog, where):
    width, height = js(dialog, "[innerWidth, innerHeight]")
    parts = {name: rect(dialog, sel) for name, sel in
             (("blocks", ".cv-left"), ("canvas", "#cv-canvas"), ("style", ".cv-right"))}  # fmt: skip
    for name, r in parts.items():
        assert r and r["width"] > 100 and r["height"] > 100, f"{where}: {name} {r}"
        assert r["left"] >= 0 and r["top"] >= 0, f"{where}: {name} {r}"
        assert r["right"] <= width + 0.5 and r["bottom"] <= height + 0.5, f"{where}: {name} {r}"
    assert parts["blocks"]["right"] <= parts["canvas"]["left"] + 1, where
    assert parts["canvas"]["right"] <= parts["style"]["left"] + 1, where
    assert not js(dialog, "!!document.getElementById('tour')"), f"{where}: the tour is open"


def night(dialog, on):
    dialog.web.push_event("theme.changed", {"night": on})
    if js(dialog, "document.getElementById('pv-night').checked") != on:
        click(dialog, "#pv-night")
    wait_until(
        lambda: js(dialog, "document.documentElement.classList.contains('night')") == on,
        10,
        "the page's theme",
    )


@pytest.mark.parametrize(("name", "build", "text"), DESIGNS, ids=[d[0] for d in DESIGNS])
def test_screenshots_of_our_own_note_types(mw, addon, tmp_path, artifacts, name, build, text):
    note = build(mw, tmp_path)
    dialog = open_from_menu(mw)
    shots = artifacts / "screenshots"
    shots.mkdir(exist_ok=True)
    try:
        js(dialog, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
        addon.ADDON_RUNTIME.open_designer(notetype_id=note.note_type()["id"], note_id=note.id)
        wait_until(
            lambda: (
                (js(dialog, "document.getElementById('notetype-title').textContent") or "").rstrip(
                    " •"
                )
                == note.note_type()["name"]
            ),
            15,
            "the note type to open",
        )
        wait_canvas(dialog)
        wait_until(lambda: text in (frame_js(dialog, "doc.body.innerText") or ""), 15, "the canvas")
        wait_until(
            lambda: (
                text in (eval_js(dialog.preview, "document.getElementById('qa')?.innerText") or "")
            ),
            15,
            "the preview",
        )
        # the card's images are shown in the canvas too (image occlusion's is its content)
        sizes = frame_js(
            dialog, "[...doc.images].map(i => [i.naturalWidth, i.getBoundingClientRect().height])"
        )
        assert all(natural > 0 and shown > 0 for natural, shown in sizes), sizes
        if name == "image-occlusion":
            assert sizes and sizes[0][0] == 480, sizes
        for width, height in SIZES:
            dialog.resize(width, height)
            pump(1.0)
            assert_layout(dialog, f"{name} at {width}×{height}")
            dialog.grab().save(str(shots / f"{name}-{width}x{height}.png"))
        dialog.resize(*SIZES[0])
        night(dialog, True)
        pump(1.0)
        assert_layout(dialog, f"{name} at night")
        dialog.grab().save(str(shots / f"{name}-{SIZES[0][0]}x{SIZES[0][1]}-night.png"))
        assert dialog.preview.console_errors() == []
    finally:
        night(dialog, False)
        dialog.dirty = False
        close(dialog)
