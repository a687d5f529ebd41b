"""The type-in lint warns only when two `{{type:...}}` boxes can show on the same card:
boxes in sections that exclude each other (a field filled in one, empty in the other;
different cloze numbers on a cloze note type) are one box per card. Each shape is also
rendered by real Anki for every combination of empty and filled fields, so the lint's
verdict is checked against what cards really show."""

import itertools
from pathlib import Path

import pytest

from anki_template_designer.services.lint.template_lints import type_in_boxes
from anki_template_designer.services.templates import NoteTypeDocument

FIELDS = ("A", "B", "X", "Y")
LINT_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "lint"

#: (front template, the line the warning is on, or None for no warning)
SHAPES = [
    ("{{#A}}{{type:A}}{{/A}}{{^A}}{{type:B}}{{/A}}", None),
    ("{{^A}}{{type:B}}{{/A}}\n{{#A}}{{type:A}}{{/A}}", None),
    # nested: the inner sections exclude each other inside one outer one
    ("{{#X}}{{#A}}{{type:A}}{{/A}}{{^A}}{{type:B}}{{/A}}{{/X}}", None),
    # deep on one side, shallow on the other, still the same field
    ("{{#A}}{{#B}}\n{{type:X}}{{/B}}{{/A}}\n{{^A}}{{type:Y}}{{/A}}", None),
    # sections crossing elements: Anki reads sections on the text, not the HTML
    ("<div>{{#A}}<p>{{type:A}}</div>{{/A}}{{^A}}<p>{{type:B}}{{/A}}", None),
    # a box in a comment is not rendered
    ("<!-- {{type:B}} -->\n{{type:A}}", None),
    # plain: two boxes side by side
    ("{{Y}}\n{{type:A}} {{type:B}}", 2),
    # different fields, both may be filled
    ("{{#A}}{{type:X}}{{/A}}\n{{#B}}{{type:Y}}{{/B}}", 2),
    # the same condition twice: both show when A is filled
    ("{{#A}}{{type:X}}{{/A}}{{#A}}\n{{type:Y}}{{/A}}", 2),
    # an inverted section on another field does not exclude
    ("{{#A}}{{type:X}}{{/A}}\n\n{{^B}}{{type:Y}}{{/B}}", 3),
    # two exclusive boxes and a third outside any section
    ("{{#A}}{{type:X}}{{/A}}{{^A}}{{type:Y}}{{/A}}\n{{type:B}}", 2),
    # the outer sections exclude, the inner ones do not matter
    ("{{#A}}{{^B}}{{type:X}}{{/B}}{{/A}}{{^A}}{{^B}}{{type:Y}}{{/B}}{{/A}}", None),
    # both inside one inverted section: they show together when A is empty
    ("{{^A}}{{type:X}}\n{{type:Y}}{{/A}}", 2),
]


def notetype(col, front, fields=FIELDS, cloze=False):
    models = col.models
    nt = models.new("Type-in shapes")
    for name in fields:
        models.add_field(nt, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = front, "{{cloze:Text}}" if cloze else "{{FrontSide}}"
    models.add_template(nt, template)
    if cloze:
        nt["type"] = 1
    return nt


def warnings(nt):
    return [(d.code, d.line) for d in type_in_boxes(NoteTypeDocument.from_notetype(nt))]


def most_boxes_anki_shows(col, nt, fields=FIELDS):
    """The most `{{type:}}` boxes any combination of empty/filled fields renders."""
    col.models.add_dict(nt)
    saved = col.models.by_name(nt["name"])
    try:
        most = 0
        for filled in itertools.product((False, True), repeat=len(fields)):
            note = col.new_note(saved)
            for name, on in zip(fields, filled, strict=True):
                note[name] = f"value of {name}" if on else ""
            html = note.ephemeral_card(0).render_output().question_text
            most = max(most, html.count("[[type:"))
        return most
    finally:
        col.models.remove(saved["id"])


@pytest.mark.parametrize(("front", "line"), SHAPES)
def test_warns_exactly_when_anki_can_show_two_boxes_on_one_card(col, front, line):
    nt = notetype(col, front)
    assert warnings(nt) == ([] if line is None else [("several-type-in-boxes", line)])
    assert (most_boxes_anki_shows(col, nt) > 1) == (line is not None), front


def test_the_message_names_the_box_it_clashes_with(col):
    (found,) = type_in_boxes(NoteTypeDocument.from_notetype(notetype(col, SHAPES[9][0])))
    assert "line 1" in found.message and found.severity == "warning"
    assert found.column == 7  # the second box, where the fix is needed
    assert "exclude each other" in found.fix


def test_different_cloze_numbers_are_different_cards(col):
    front = "{{cloze:Text}}\n{{#c1}}{{type:cloze:Text}}{{/c1}}{{#c2}}{{type:cloze:Text}}{{/c2}}"
    cloze = notetype(col, front, fields=("Text",), cloze=True)
    assert warnings(cloze) == []
    # the same number twice (Anki reads `c+1` as `c1`) is one card with two boxes
    same = notetype(
        col,
        front.replace("{{#c2}}", "{{#c+1}}").replace("{{/c2}}", "{{/c+1}}"),
        fields=("Text",),
        cloze=True,
    )
    assert warnings(same) == [("several-type-in-boxes", 2)]
    # on a standard note type `c1` and `c2` are just fields, both may be filled
    standard = notetype(
        col, front.replace("{{cloze:Text}}", "{{Text}}"), fields=("Text", "c1", "c2")
    )
    assert warnings(standard) == [("several-type-in-boxes", 2)]


def test_real_anki_shows_one_box_per_cloze_card(col):
    front = "{{cloze:Text}}{{#c1}}{{type:cloze:Text}}{{/c1}}{{#c2}}{{type:cloze:Text}}{{/c2}}"
    col.models.add_dict(notetype(col, front, fields=("Text",), cloze=True))
    saved = col.models.by_name("Type-in shapes")
    note = col.new_note(saved)
    note["Text"] = "{{c1::one}} {{c2::two}}"
    for ord_ in (0, 1):
        html = note.ephemeral_card(ord_).render_output().question_text
        assert html.count("[[type:") == 1, html


def test_a_real_world_language_card_with_typing_variants_is_not_flagged(col):
    front = (LINT_CORPUS / "language_type_in_variants.html").read_text(encoding="utf-8")
    fields = ("Word", "Reading", "Meaning", "Audio", "Typing")
    nt = notetype(col, front, fields=fields)
    assert warnings(nt) == []
    assert most_boxes_anki_shows(col, nt, fields) == 1
    # the same card with its {{^Reading}} turned into {{#Reading}} shows two boxes
    broken = notetype(col, front.replace("{{^Reading}}", "{{#Reading}}"), fields=fields)
    assert warnings(broken) == [("several-type-in-boxes", 10)]
    assert most_boxes_anki_shows(col, broken, fields) == 2
