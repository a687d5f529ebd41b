"""The field-mapping guess and the user's mapping."""

import pytest

from anki_template_designer.services.presets.mapping import mapping_from_user, suggest_mapping


def guess(preset_fields, note_fields):
    return [(s, t, how) for s, t, how in suggest_mapping(preset_fields, note_fields).pairs]


def test_exact_names_win_over_everything():
    assert guess(["Front", "Back"], ["Back", "Front"]) == [
        ("Front", "Front", "exact"),
        ("Back", "Back", "exact"),
    ]


def test_case_spaces_and_underscores_are_ignored():
    assert guess(["Back Extra", "text"], ["Text", "back_extra"]) == [
        ("Back Extra", "back_extra", "case"),
        ("text", "Text", "case"),
    ]


@pytest.mark.parametrize(
    ("preset", "note"),
    [
        ("Front", "Question"),
        ("Front", "Expression"),
        ("Word", "Front"),
        ("Back", "Answer"),
        ("Meaning", "Definition"),
        ("Extra", "Notes"),
        ("Reading", "Furigana"),
        ("Audio", "Sound"),
        ("Image", "Picture"),
        ("Text", "Cloze"),
    ],
)
def test_synonyms(preset, note):
    assert guess([preset], ["Unrelated", note]) == [(preset, note, "synonym")]


def test_an_exact_match_is_not_stolen_by_an_earlier_synonym():
    # "Word" would take "Front" as a synonym, but "Front" is Front's exact match.
    assert guess(["Word", "Front"], ["Front", "Expression"]) == [
        ("Word", "Expression", "synonym"),
        ("Front", "Front", "exact"),
    ]


def test_the_rest_are_paired_in_order_and_the_leftovers_reported():
    result = suggest_mapping(["Word", "Reading", "Meaning", "Audio", "Example"], ["Kanji", "Gloss"])
    assert result.pairs == (
        ("Word", "Kanji", "order"),
        ("Reading", None, ""),
        ("Meaning", "Gloss", "synonym"),
        ("Audio", None, ""),
        ("Example", None, ""),
    )
    assert result.unmapped() == ["Reading", "Audio", "Example"]
    assert result.targets() == {"Word": "Kanji", "Meaning": "Gloss"}
    assert result.to_json()[1] == {"from": "Reading", "to": None, "how": None}


def test_each_note_field_is_guessed_once():
    assert [t for _, t, _ in guess(["Front", "Question", "Prompt"], ["Front", "Back"])] == [
        "Front",
        "Back",
        None,
    ]


def test_the_users_choice_wins_and_the_rest_is_guessed_around_it():
    result = mapping_from_user(["Front", "Back"], ["Front", "Back"], {"Front": "Back"})
    assert result.pairs == (("Front", "Back", "user"), ("Back", "Front", "order"))
    cleared = mapping_from_user(["Front", "Back"], ["Front", "Back"], {"Back": None})
    assert cleared.pairs == (("Front", "Front", "exact"), ("Back", None, "user"))
    assert cleared.unmapped() == ["Back"]


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ({"Nope": "Front"}, "the preset has no field called 'Nope'"),
        ({"Front": "Nope"}, "no field called 'Nope'"),
    ],
)
def test_the_users_mapping_is_checked(chosen, message):
    with pytest.raises(ValueError, match=message):
        mapping_from_user(["Front"], ["Front"], chosen)
