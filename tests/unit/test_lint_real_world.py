"""Lints users can trust: for each lint, the real-world patterns that must not trigger it
(tests/corpus/lint holds templates shaped like shared language, medical and geography
decks), next to the real problems it must still find."""

import copy
from pathlib import Path

from anki_template_designer.services.lint.template_lints import ALL_LINTS
from anki_template_designer.services.templates import NoteTypeDocument
from corpus import corpus_files

LINT_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "lint"
REMOTE = ("remote-url", "external-script")


def read(name):
    return (LINT_CORPUS / name).read_text(encoding="utf-8")


def custom_notetype(col, front, back="{{FrontSide}}<hr id=answer>{{Back}}", css="", fields=()):
    models = col.models
    notetype = models.new("Real world")
    for name in fields or ("Front", "Back"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = front, back
    models.add_template(notetype, template)
    notetype["css"] = css
    return notetype


def ours(_col, draft, *codes):
    """The designer's own lints (Anki's checks need a saved note type; see test_lint.py)."""
    document = NoteTypeDocument.from_notetype(draft)
    found = [finding for lint in ALL_LINTS for finding in lint(document)]
    return [(d.code, d.side, d.line) for d in found if d.code in codes]


LANGUAGE_FIELDS = ("Word", "Reading", "Audio")
MEDICAL_FIELDS = ("Text", "Extra", "Topic", "Source")


def test_links_forms_and_non_fetching_rels_are_not_fetched_from_the_internet(col):
    language = custom_notetype(col, read("language_links.html"), fields=LANGUAGE_FIELDS)
    assert ours(col, language, *REMOTE) == []
    medical = custom_notetype(
        col, read("medical_links.html"), "{{cloze:Text}}", fields=MEDICAL_FIELDS
    )
    medical["type"] = 1  # cloze
    assert ours(col, medical, *REMOTE) == []


def test_no_template_of_the_round_trip_corpus_is_said_to_fetch_from_the_internet(col):
    # Before issue #11 its two <a href> search links were the only findings, both wrong.
    for path in corpus_files(".html"):
        text = path.read_bytes().decode("utf-8", "replace")
        draft = custom_notetype(col, text, "{{FrontSide}}")
        assert ours(col, draft, *REMOTE) == [], path.name


def test_every_file_the_card_loads_from_the_internet_is_warned_about(col):
    draft = custom_notetype(
        col, read("geography_remote.html"), css=read("remote_fonts.css"), fields=("BBox", "Country")
    )
    found = ours(col, draft, *REMOTE)
    front = sorted(line for code, side, line in found if side == "front" and code == "remote-url")
    # img src, srcset, iframe, video poster + source, style="url()", object data,
    # <link rel=stylesheet>, <style>@import, svg <image href>; not the <a href> on line 11
    assert front == [1, 2, 3, 4, 4, 5, 6, 7, 9, 10]
    assert ("external-script", "front", 8) in found
    css = sorted(line for _code, side, line in found if side == "css")
    # @import url(), @import "…", @font-face src; not a[href^=…], a data: URL or a comment
    assert css == [1, 2, 3]


def test_colours_the_reviewer_handles_or_that_are_not_colours_need_no_night_rule(col):
    draft = custom_notetype(col, "{{Front}}", css=read("colours_and_images.css"))
    assert ours(col, draft, "colour-without-night-mode") == []
    hard_coded = ".hint { background: #fffbe6 url(_bulb.png); }"
    draft["css"] += hard_coded + "\n"
    line = draft["css"].splitlines().index(hard_coded) + 1
    assert ours(col, draft, "colour-without-night-mode") == [
        ("colour-without-night-mode", "css", line)
    ]


def test_images_limited_by_width_or_inline_style_need_no_max_width_rule(col):
    draft = custom_notetype(col, "{{Front}}<img src=_a.png>", css=".card img { width: 100%; }")
    assert ours(col, draft, "image-without-max-width") == []
    draft["css"] = "#qa img.big, .x { max-width: 90vw }"
    assert ours(col, draft, "image-without-max-width") == []
    draft["css"] = ""
    draft["tmpls"][0]["qfmt"] = '{{Front}}<img src=_a.png style="max-width: 100%">'
    assert ours(col, draft, "image-without-max-width") == []
    # still found: a rule for `.imgbox` is not one for images
    draft["css"] = ".imgbox { max-width: 100% }"
    draft["tmpls"][0]["qfmt"] = "{{Front}}<div class=imgbox><img src=_a.png></div>"
    assert ours(col, draft, "image-without-max-width") == [("image-without-max-width", "css", 1)]


def test_special_fields_filters_and_fields_in_attributes_are_known_fields(col):
    front = (
        '<div class="{{Tags}} {{Card}}" data-deck="{{Deck}}">{{text:Front}}</div>'
        "{{#Tags}}<span>{{Subdeck}} {{CardFlag}}</span>{{/Tags}}"
        "{{^Back Extra}}{{hint:Back}}{{/Back Extra}}{{tts en_US voices=Apple_Samantha:Front}}"
    )
    back = "{{FrontSide}}<hr id=answer>{{type:Back}}{{Back Extra}}"
    draft = custom_notetype(col, front, back, fields=("Front", "Back", "Back Extra"))
    assert ours(col, draft, "unknown-field") == []


def test_type_in_on_both_sides_is_one_box_per_card(col):
    draft = custom_notetype(
        col, "{{Front}}\n{{type:Back}}", "{{FrontSide}}<hr id=answer>{{type:Back}}"
    )
    assert ours(col, draft, "several-type-in-boxes") == []
    cloze = copy.deepcopy(col.models.by_name("Cloze"))
    cloze["tmpls"][0]["qfmt"] = "{{cloze:Text}}\n{{type:cloze:Text}}"
    assert ours(col, cloze, "several-type-in-boxes") == []


def test_ordinary_scripts_and_sections_inside_scripts_are_not_problems(col):
    script = (
        "<script>\n  var hint = document.getElementById('hint');\n"
        "  {{#Back}}hint.textContent = '{{text:Back}}';{{/Back}}\n"
        "  document.querySelector('.card').appendChild(document.createElement('hr'));\n"
        "</script>"
    )
    draft = custom_notetype(col, "{{Front}}<div id=hint></div>" + script)
    assert ours(col, draft, "document-write", "section-error", *REMOTE) == []


def test_a_front_side_inside_a_condition_counts_as_showing_the_front(col):
    back = "{{#Front}}{{FrontSide}}{{/Front}}<hr id=answer>{{Back}}"
    draft = custom_notetype(col, "{{Front}}", back)
    assert ours(col, draft, "back-without-frontside") == []
