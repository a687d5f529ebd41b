"""Imported presets: markup in names, descriptions and attribute values, and media files
that can run (by name, or because their bytes are not what their name says)."""

import json

import pytest

from anki_template_designer.services.presets import PresetError
from anki_template_designer.services.presets.archive import media_entries
from anki_template_designer.services.presets.model import CardTypeTemplates, Design, Theme
from anki_template_designer.services.presets.untrusted import scan_preset, strip_preset
from anki_template_designer.services.presets.untrusted_media import media_problem
from anki_template_designer.services.presets.untrusted_text import has_markup, without_markup
from preset_helpers import design_preset, theme_preset, valid_json, zip_bytes

HOSTILE_TEXTS = [
    "<img src=x onerror=alert(1)>",
    "<iframe srcdoc='<script src=/_x.js></script>'></iframe>",
    "</title><script>alert(1)</script>",
    'x" onmouseover=alert(1) y="',
    "javascript:alert(1)",
    "<!--",
    "<svg/onload=alert(1)>",
]
HARMLESS_TEXTS = ["a < b", "Turn on = off", "onset = 5", "Fish & chips", "1 > 0", "Vocab → 日本語"]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_markup_is_found_and_stripped_to_plain_text(text):
    assert has_markup(text)
    assert not has_markup(without_markup(text))


@pytest.mark.parametrize("text", HARMLESS_TEXTS)
def test_ordinary_text_is_not_markup(text):
    assert not has_markup(text)
    assert without_markup(text) == text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_every_string_of_a_preset_is_checked_and_stripped(text):
    preset = design_preset(
        f"Vocab {text}",
        description=f"Nice {text}",
        body=Design("standard", (CardTypeTemplates(f"Card {text}", "{{Front}}", "{{Back}}"),), ""),
    )
    paths = {f.path for f in scan_preset(preset) if f.kind == "markup-in-text"}
    assert paths == {"/name", "/description", "/design/cardTypes/0/name"}
    clean = strip_preset(preset)
    assert scan_preset(clean) == []
    assert clean.name.startswith("Vocab") and clean.design.card_types[0].name.startswith("Card")


def test_theme_variable_names_with_markup_are_dropped():
    preset = theme_preset().with_changes(
        body=Theme({"--atd-fg": "#111", "--<img src=x onerror=1>": "#222"}, {})
    )
    assert [f.path for f in scan_preset(preset)] == ["/theme/vars/light/--<img src=x onerror=1>"]
    assert strip_preset(preset).body.light == {"--atd-fg": "#111"}


@pytest.mark.parametrize("attribute", ["class", "id", "title", "data-x", "alt", "aria-label"])
def test_tags_inside_attribute_values_are_found_and_the_attribute_removed(attribute):
    front = f'<div {attribute}="<img src=x onerror=alert(1)>">{{{{Front}}}}</div>'
    preset = design_preset(
        body=Design("standard", (CardTypeTemplates("Card 1", front, "{{Back}}"),), "")
    )
    assert [f.kind for f in scan_preset(preset)] == ["markup-in-text"]
    assert strip_preset(preset).design.card_types[0].front == "<div>{{Front}}</div>"


def test_a_field_named_with_markup_cannot_be_stripped_and_says_which():
    preset = design_preset(fields=("Front", "<img src=x onerror=1>"))
    assert [f.path for f in scan_preset(preset)] == ["/fields/1"]
    with pytest.raises(PresetError, match="field 2 of the preset is named"):
        strip_preset(preset)


WOFF2 = b"wOF2" + bytes(40)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


@pytest.mark.parametrize(
    ("name", "data", "flagged"),
    [
        ("_x.js", b"top.pwned = 1", "run as a script"),
        ("_page.HTML", b"<p>hi", "run as a script"),
        ("_icon.svg", b"<svg onload=alert(1)>", "run as a script"),
        ("_font.woff2", b"top.pwned = 1;", "not a woff2 file"),
        ("_img.png", b"<script>alert(1)</script>", "not a png file"),
        ("_notes.txt", b"  <html><script>x</script>", "holds markup"),
        ("_font.woff2", WOFF2, None),
        ("_img.png", PNG, None),
        ("_notes.txt", b"just text", None),
        ("_data.json", b'{"a": 1}', None),
    ],
)
def test_media_that_can_run_is_flagged(name, data, flagged):
    problem = media_problem(name, data)
    assert (problem is None) if flagged is None else (flagged in problem), problem


def test_import_lists_active_media_and_strip_leaves_it_out(service, tmp_path):
    # The schema allows only font, image and audio names: the danger is in the bytes.
    media = {"_font.woff2": WOFF2, "_fake.png": b"top.pwned = 1", "_fake.woff": b"alert(1)"}
    data = valid_json(name="With media")
    data["media"] = [m.to_json() for m in media_entries(media)]
    path = tmp_path / "m.atdpreset"
    path.write_bytes(
        zip_bytes(
            {
                "preset.json": json.dumps(data).encode(),
                **{f"media/{n}": b for n, b in media.items()},
            }
        )
    )
    plan = service.inspect_import(path)
    found = sorted(f["path"] for f in plan.to_json()["findings"] if f["kind"] == "active-media")
    assert found == ["/media/_fake.png", "/media/_fake.woff"]
    stored = service.commit_import(plan.token, "strip")
    assert service.media(stored.preset.id) == {"_font.woff2": WOFF2}
    kept = service.import_file(path, "keep")
    assert set(service.media(kept.preset.id)) == set(media)
