"""Whole note types: Anki's stock ones and corpus ones round-trip and render identically."""

import copy

import pytest

from anki_template_designer.services.templates import (
    Edit,
    NoteTypeDocument,
    apply_edits,
    check_css_tiling,
    check_tiling,
    serialize,
    serialize_css,
    set_attribute,
    set_declaration,
)
from collection_helpers import STOCK_NOTETYPES
from corpus import CORPUS

STOCK = STOCK_NOTETYPES

NOTE_CONTENT = [
    "plain text",
    "<b>bold</b> &amp; &nbsp; entities<br>line",
    "{{c1::Canberra::capital}} is in {{c2::Australia}}; {{c1::again}}",
    '<img src="paris.jpg"> 日本語[にほんご] [sound:x.mp3]',
    "",
]


def rendered(note, ord_, notetype):
    template = notetype["tmpls"][min(ord_, len(notetype["tmpls"]) - 1)]
    card = note.ephemeral_card(
        ord_, custom_note_type=notetype, custom_template=template, fill_empty=False
    )
    output = card.render_output()
    return output.question_text, output.answer_text, output.css


def tree_leaves(nodes):
    for node in nodes:
        if node.children:
            yield from tree_leaves(node.children)
        else:
            yield node


def through_the_model(notetype):
    """The note type after parse -> a no-op edit of every leaf -> re-parse -> apply_to."""
    document = NoteTypeDocument.from_notetype(notetype)
    for card_type in document.card_types:
        for side in ("front", "back"):
            template = card_type.side(side)
            edits = [Edit(leaf.id, leaf.raw) for leaf in tree_leaves(template.children)]
            document = document.with_template(card_type.ord, side, apply_edits(template, edits))
    css = document.css
    document = document.with_css(apply_edits(css, [Edit(n.id, n.raw) for n in css.children]))
    return document.apply_to(notetype)


@pytest.mark.parametrize("name", STOCK)
def test_stock_note_types_round_trip_byte_identical(col, name):
    notetype = col.models.by_name(name)
    document = NoteTypeDocument.from_notetype(notetype)
    assert document.name == name and document.fields == tuple(f["name"] for f in notetype["flds"])
    assert document.is_cloze == (name in ("Cloze", "Image Occlusion"))
    for card_type, template in zip(document.card_types, notetype["tmpls"], strict=True):
        assert serialize(card_type.front) == template["qfmt"]
        assert serialize(card_type.back) == template["afmt"]
        assert check_tiling(card_type.front) == check_tiling(card_type.back) == []
        assert card_type.front.syntax_error is None and card_type.back.syntax_error is None
    assert serialize_css(document.css) == notetype["css"] and check_css_tiling(document.css) == []
    fields = document.to_notetype_fields()
    assert fields["css"] == notetype["css"]
    assert fields["tmpls"] == [
        {"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]} for t in notetype["tmpls"]
    ]
    assert document.apply_to(notetype) == notetype
    assert document.unknown_fields() == []


def _notes(col, notetype):
    notes = []
    for index, content in enumerate(NOTE_CONTENT):
        note = col.new_note(notetype)
        for position, field in enumerate(notetype["flds"]):
            note[field["name"]] = (
                content if position == 0 else NOTE_CONTENT[(index + position) % len(NOTE_CONTENT)]
            )
        if notetype["name"] == "Image Occlusion":
            note["Occlusion"] = (
                "{{c1::image-occlusion:rect:left=.1:top=.1:width=.2:height=.2:oi=1}}"
            )
            note["Image"] = '<img src="diagram.png">'
        note.tags = ["tag1", "tag::two"] if index % 2 else []
        notes.append(note)
    return notes


def _ords(notetype):
    return [0, 1] if notetype["type"] == 1 else list(range(len(notetype["tmpls"])))


@pytest.mark.parametrize("name", STOCK)
def test_stock_note_types_render_identically_after_the_round_trip(col, name):
    notetype = col.models.by_name(name)
    after = through_the_model(notetype)
    assert after == notetype
    for note in _notes(col, notetype):
        for ord_ in _ords(notetype):
            assert rendered(note, ord_, after) == rendered(note, ord_, notetype)


def _corpus_notetype(col, name, fields, front, back, *, cloze=False):
    models = col.models
    notetype = models.copy(models.by_name("Cloze")) if cloze else models.new(name)
    notetype["name"] = name
    if cloze:
        fields = [f for f in fields if f not in ("Text", "Back Extra")]
        notetype["tmpls"][0]["qfmt"] = (CORPUS / front).read_text(encoding="utf-8")
        notetype["tmpls"][0]["afmt"] = (CORPUS / back).read_text(encoding="utf-8")
    for field in fields:
        models.add_field(notetype, models.new_field(field))
    if not cloze:
        template = models.new_template("Card 1")
        template["qfmt"] = (CORPUS / front).read_text(encoding="utf-8")
        template["afmt"] = (CORPUS / back).read_text(encoding="utf-8")
        models.add_template(notetype, template)
    notetype["css"] = (CORPUS / "notetype.css").read_text(encoding="utf-8")
    if cloze:
        models.update_dict(notetype)
    else:
        models.add_dict(notetype)
    return models.by_name(name)


LANGUAGE_FIELDS = [
    "Wort", "Übersetzung", "日本語", "読み方", "Перевод", "Примечание", "😀 Mood",
    "Field With Spaces", "Ünïcödé Fïeld", "العربية", "Front", "Value",
]  # fmt: skip
CLOZE_FIELDS = ["Text", "Back Extra", "Occlusion", "Image", "Header"]
CORPUS_NOTETYPES = [
    ("Corpus basic", ["Front", "Back", "Hint", "Extra"], "basic_front.html", "basic_back.html", 0),
    ("Corpus scripts", ["Front", "Back", "Audio"], "script_sections.html", "type_answer_back.html",
     0),
    ("Corpus languages", LANGUAGE_FIELDS, "non_ascii_fields.html", "svg_inline.html", 0),
    ("Corpus cloze", CLOZE_FIELDS, "cloze_one_by_one.html", "image_occlusion.html", 1),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fields", "front", "back", "cloze"), CORPUS_NOTETYPES)
def test_corpus_note_types_render_identically_and_edits_render_as_expected(
    col, name, fields, front, back, cloze
):
    notetype = _corpus_notetype(col, name, fields, front, back, cloze=cloze)
    after = through_the_model(notetype)
    assert after == notetype
    notes = _notes(col, notetype)
    for note in notes:
        for ord_ in _ords(notetype):
            assert rendered(note, ord_, after) == rendered(note, ord_, notetype)
    # A real edit: one attribute on the first element, one CSS declaration.
    document = NoteTypeDocument.from_notetype(notetype)
    card = document.card_types[0]
    element = next(n for n in card.front.walk() if n.type == "element")
    edited_front = apply_edits(card.front, [set_attribute(card.front, element.id, "data-atd", "1")])
    rule = document.css.rules()[0]
    edited_css = apply_edits(document.css, [set_declaration(document.css, rule.id, "outline", "0")])
    changed = document.with_template(card.ord, "front", edited_front).with_css(edited_css)
    changed_notetype = changed.apply_to()
    assert changed_notetype["tmpls"][0]["afmt"] == notetype["tmpls"][0]["afmt"]
    question_before, _, _ = rendered(notes[0], 0, notetype)
    question_after, _, css_after = rendered(notes[0], 0, changed_notetype)
    assert question_after != question_before and 'data-atd="1"' in question_after
    assert "outline: 0;" in css_after and css_after.replace(" outline: 0;", "", 1) != css_after


def test_card_type_lookup_and_json(col):
    document = NoteTypeDocument.from_notetype(col.models.by_name("Basic (and reversed card)"))
    assert document.card_type("Card 2").ord == 1 and document.card_type(0).name == "Card 1"
    with pytest.raises(LookupError):
        document.card_type("Card 3")
    data = document.to_json()
    assert [ct["name"] for ct in data["cardTypes"]] == ["Card 1", "Card 2"]
    assert data["css"]["type"] == "stylesheet" and data["kind"] == "standard"


def test_apply_to_changes_only_templates_and_css(col):
    notetype = col.models.by_name("Basic")
    original = copy.deepcopy(notetype)
    document = NoteTypeDocument.from_notetype(notetype)
    front = document.card_types[0].front
    edited = apply_edits(front, [Edit("0#before", "<h1>Q</h1>")])
    result = document.with_template(0, "front", edited).apply_to(notetype)
    assert notetype == original
    assert result["tmpls"][0]["qfmt"] == "<h1>Q</h1>{{Front}}"
    result["tmpls"][0]["qfmt"] = original["tmpls"][0]["qfmt"]
    assert result == original


def test_unknown_fields_are_reported_per_card_type_and_side(col):
    notetype = copy.deepcopy(col.models.by_name("Basic"))
    notetype["tmpls"][0]["afmt"] = "{{FrontSide}}<hr id=answer>{{Bak}}<img src='{{Picture}}'>"
    document = NoteTypeDocument.from_notetype(notetype)
    assert [(ct, side, tag.key, tag.id) for ct, side, tag in document.unknown_fields()] == [
        ("Card 1", "back", "Bak", "2"),
        ("Card 1", "back", "Picture", "3.a0.t0"),
    ]
