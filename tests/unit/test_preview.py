import copy

import pytest

from anki_template_designer.services.preview import PreviewOptions, PreviewRenderer
from collection_helpers import add_note


def draft_of(col, name):
    return copy.deepcopy(col.models.by_name(name))


def test_renders_the_unsaved_draft_with_a_real_note(col):
    note = add_note(col, "Basic", "What is <b>H2O</b>?", "water")
    draft = draft_of(col, "Basic")
    draft["tmpls"][0]["qfmt"] = '<div class="q">{{Front}}</div>'
    draft["css"] += "\n.q { color: red; }"
    rendered = PreviewRenderer(lambda: col).render(draft, PreviewOptions())
    assert rendered.html == '<div class="q">What is <b>H2O</b>?</div>'
    assert ".q { color: red; }" in rendered.css
    assert rendered.note_id == note.id and not rendered.is_sample and not rendered.problem
    assert "Front" in col.models.by_name("Basic")["tmpls"][0]["qfmt"]  # nothing saved


def test_the_answer_side_night_mode_and_mobile_classes(col):
    add_note(col, "Basic (and reversed card)", "der Hund", "the dog")
    draft = draft_of(col, "Basic (and reversed card)")
    options = PreviewOptions(card_ord=1, side="answer", night=True, mobile=True)
    rendered = PreviewRenderer(lambda: col).render(draft, options)
    assert rendered.html.startswith("the dog")
    assert "<hr id=answer>" in rendered.html and rendered.html.endswith("der Hund")
    assert rendered.body_class == "card card2 nightMode night_mode"
    assert rendered.html_class == "night-mode mobile"


def test_each_cloze_number_renders_its_own_card(col):
    add_note(col, "Cloze", "{{c1::Canberra}} is the capital of {{c2::Australia}}.", "")
    draft = draft_of(col, "Cloze")
    renderer = PreviewRenderer(lambda: col)
    first = renderer.render(draft, PreviewOptions(card_ord=0))
    assert first.cloze_numbers == (1, 2)
    second = renderer.render(draft, PreviewOptions(card_ord=1))
    assert "[...]" in first.html and "Australia" in first.html
    assert "Canberra" in second.html and "[...]" in second.html
    assert second.body_class == "card card2"


def test_type_in_shows_a_box_on_the_question_and_a_comparison_on_the_answer(col):
    add_note(col, "Basic (type in the answer)", "7 × 8", "56")
    draft = draft_of(col, "Basic (type in the answer)")
    renderer = PreviewRenderer(lambda: col)
    question = renderer.render(draft, PreviewOptions())
    assert "<input id=typeans" in question.html and "[[type:" not in question.html
    answer = renderer.render(draft, PreviewOptions(side="answer"))
    assert "typeMissed" in answer.html and "56" in answer.html


def test_a_note_type_without_notes_previews_a_sample_with_field_names(col):
    rendered = PreviewRenderer(lambda: col).render(draft_of(col, "Basic"), PreviewOptions())
    assert rendered.is_sample and rendered.note_id is None
    assert "(Front)" in rendered.html


def test_template_errors_are_shown_in_the_preview_not_a_blank_card(col):
    add_note(col, "Basic", "q", "a")
    draft = draft_of(col, "Basic")
    draft["tmpls"][0]["qfmt"] = "{{#Front}}{{Front}}"
    rendered = PreviewRenderer(lambda: col).render(draft, PreviewOptions())
    assert rendered.problem
    assert "Front template has a problem" in rendered.html
    draft["tmpls"][0]["qfmt"] = "{{Missing}}"
    assert "no field called" in PreviewRenderer(lambda: col).render(draft, PreviewOptions()).html


def test_sounds_become_inert_replay_buttons(col):
    add_note(col, "Basic", "hello [sound:hello.mp3]", "a")
    rendered = PreviewRenderer(lambda: col).render(draft_of(col, "Basic"), PreviewOptions())
    assert "replay-button" in rendered.html and "[anki:play" not in rendered.html


def test_a_chosen_note_must_belong_to_the_note_type(col):
    other = add_note(col, "Cloze", "{{c1::x}}", "")
    with pytest.raises(LookupError, match="not a Basic note"):
        PreviewRenderer(lambda: col).render(
            draft_of(col, "Basic"), PreviewOptions(note_id=other.id)
        )


def test_the_note_picker_searches_notes_of_the_note_type(col):
    add_note(col, "Basic", "apple", "Apfel")
    add_note(col, "Basic", "pear", "Birne")
    add_note(col, "Basic (and reversed card)", "apple", "other type")
    basic = col.models.by_name("Basic")
    notes = PreviewRenderer(lambda: col).notes
    assert [c.label for c in notes.search(basic["id"], "apple")] == ["apple · Apfel"]
    assert len(notes.search(basic["id"])) == 2
    assert notes.search(basic["id"], 'front:"pe*"')[0].label == "pear · Birne"


def test_note_labels_show_cloze_text_not_its_markup(col):
    add_note(col, "Cloze", "{{c1::Paris}} is the capital of {{c2::France::country}}", "")
    add_note(col, "Cloze", "Nested {{c1::outer {{c2::inner}} part}} and {{c3::a}}{{c4::b}}", "")
    cloze = col.models.by_name("Cloze")
    labels = sorted(c.label for c in PreviewRenderer(lambda: col).notes.search(cloze["id"]))
    assert labels == ["Nested outer inner part and ab", "Paris is the capital of France"]


def test_the_note_search_cannot_reach_other_note_types(col):
    add_note(col, "Basic", "apple", "Apfel")
    add_note(col, "Cloze", "{{c1::x}}", "")
    notes = PreviewRenderer(lambda: col).notes
    basic = col.models.by_name("Basic")
    found = notes.search(basic["id"], "x OR deck:*")
    assert [c.label for c in found] == ["apple · Apfel"]  # widened, but only Basic notes
    with pytest.raises(ValueError, match="invalid search"):
        notes.search(basic["id"], "x) OR (deck:*")


@pytest.mark.parametrize(
    "nested",
    [
        ".a{" * 5000 + "color: red" + "}" * 5000,
        ".a { width: " + "calc(" * 300 + "1px" + ")" * 300 + "; }",
        "@media x {" * 201 + "}" * 201,
    ],
)
def test_css_nested_too_deeply_is_withheld_from_the_preview_with_a_notice(col, nested):
    add_note(col, "Basic", "front", "back")
    draft = draft_of(col, "Basic")
    draft["css"] = ".card { color: blue; }\n" + nested
    rendered = PreviewRenderer(lambda: col).render(draft, PreviewOptions())
    assert rendered.css == ""
    assert rendered.problem
    assert rendered.html.startswith('<div class="atd-preview-problem">The styling nests ')
    assert rendered.html.endswith("front")


def test_css_nested_within_the_limit_and_braces_in_strings_are_kept(col):
    add_note(col, "Basic", "front", "back")
    draft = draft_of(col, "Basic")
    draft["css"] = "@media x {" * 150 + ".a { content: '" + "{" * 500 + "' }" + "}" * 150
    draft["css"] += "/* " + "(" * 500 + " */"
    rendered = PreviewRenderer(lambda: col).render(draft, PreviewOptions())
    assert rendered.css == draft["css"]
    assert not rendered.problem
