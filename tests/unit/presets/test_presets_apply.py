"""Applying presets to real note types: a new draft (the collection is not written),
field references renamed everywhere, card types added or kept, themes and snippets."""

import copy

import pytest

from anki_template_designer.services.presets import PresetError
from anki_template_designer.services.presets.apply import apply_preset, rename_fields
from anki_template_designer.services.presets.gallery import shipped_gallery
from anki_template_designer.services.presets.mapping import mapping_from_user
from anki_template_designer.services.presets.theme import BLOCK_END, theme_css
from anki_template_designer.services.saving import NoteTypeSaver, fingerprint
from preset_helpers import BASIC_LIKE, design_preset, snippet_preset, theme_preset


def gallery(preset_id):
    return next(p for p in shipped_gallery() if p.id == preset_id)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{Front}}", "{{Question}}"),
        ("{{ Front }}", "{{ Question }}"),
        (
            "{{text:Front}} {{tts en_US:Front}} {{hint:Front}}",
            "{{text:Question}} {{tts en_US:Question}} {{hint:Question}}",
        ),
        (
            "{{#Front}}a{{/Front}}{{^Front}}b{{/Front}}",
            "{{#Question}}a{{/Question}}{{^Question}}b{{/Question}}",
        ),
        (
            '<a href="{{Front}}" title="{{#Front}}x{{/Front}}">',
            '<a href="{{Question}}" title="{{#Question}}x{{/Question}}">',
        ),
        ("<script>var f = '{{Front}}';</script>", "<script>var f = '{{Question}}';</script>"),
        ("<input {{#Front}}checked{{/Front}}>", "<input {{#Question}}checked{{/Question}}>"),
        ("{{#Front}}<b>{{/Front}}</b>", "{{#Question}}<b>{{/Question}}</b>"),
        (
            "{{=<% %>=}}<%Front%> <%#Front%>x<%/Front%>",
            "{{=<% %>=}}<%Question%> <%#Question%>x<%/Question%>",
        ),
        ("{{type:Front}}", "{{type:Question}}"),
        # not references: other fields, Anki's own fields, inert comments
        (
            "{{Fronts}} {{FrontSide}} <!-- {{Front}} -->",
            "{{Fronts}} {{FrontSide}} <!-- {{Front}} -->",
        ),
    ],
)
def test_every_kind_of_reference_is_renamed(template, expected):
    assert rename_fields(template, {"Front": "Question"}) == expected


def test_renames_happen_at_once_so_swaps_work():
    assert rename_fields(
        "{{Front}} / {{#Back}}{{Back}}{{/Back}}", {"Front": "Back", "Back": "Front"}
    ) == ("{{Back}} / {{#Front}}{{Front}}{{/Front}}")


def test_a_design_onto_a_real_basic_note_type(col):
    basic = col.models.by_name("Basic")
    before = fingerprint(basic)
    preset = gallery("builtin-basic")
    renamed = copy.deepcopy(basic)
    result = apply_preset(preset, basic)
    assert fingerprint(col.models.by_name("Basic")) == before  # nothing written
    assert fingerprint(basic) == before  # the input dict is not changed either
    draft = result.draft
    assert draft["css"] == preset.design.css
    assert draft["tmpls"][0]["qfmt"] == preset.design.card_types[0].front
    assert draft["tmpls"][0]["name"] == renamed["tmpls"][0]["name"]
    assert draft["tmpls"][0]["ord"] == 0
    assert result.mapping.unmapped() == []
    assert NoteTypeSaver(lambda: col).schema_changes(draft).requires_full_sync is False


def test_fields_are_mapped_onto_other_names(col):
    result = apply_preset(gallery("builtin-basic"), BASIC_LIKE)
    assert result.mapping.targets() == {"Front": "Question", "Back": "Answer"}
    assert "{{Question}}" in result.draft["tmpls"][0]["qfmt"]
    assert "{{Answer}}" in result.draft["tmpls"][0]["afmt"]
    assert result.unused_fields == ["Notes"]


def test_a_users_mapping_and_unmapped_fields(col):
    preset = gallery("builtin-basic")
    mapping = mapping_from_user(
        preset.fields, ["Question", "Answer", "Notes"], {"Back": None, "Front": "Notes"}
    )
    result = apply_preset(preset, BASIC_LIKE, mapping)
    assert result.mapping.unmapped() == ["Back"]
    assert "{{Notes}}" in result.draft["tmpls"][0]["qfmt"]
    assert "{{Back}}" in result.draft["tmpls"][0]["afmt"]  # left for the user (and the linter)
    assert result.to_json()["unmapped"] == ["Back"]


def test_extra_card_types_are_added_and_saved_as_a_schema_change(col):
    basic = col.models.by_name("Basic")
    result = apply_preset(gallery("builtin-basic-reversed"), basic)
    assert [t["name"] for t in result.draft["tmpls"]] == ["Card 1", "Card 2"]
    assert result.draft["tmpls"][1]["ord"] is None
    assert result.added_card_types == ["Card 2"]
    changes = NoteTypeSaver(lambda: col).schema_changes(result.draft)
    assert changes.added == ["Card 2"] and changes.requires_full_sync
    # and Anki accepts the result
    saver = NoteTypeSaver(lambda: col)
    saver.save(result.draft, fingerprint(basic))
    saved = col.models.by_name("Basic")
    assert [t["qfmt"] for t in saved["tmpls"]] == [
        c.front for c in gallery("builtin-basic-reversed").design.card_types
    ]


def test_the_note_types_extra_card_types_are_kept(col):
    reversed_type = col.models.by_name("Basic (and reversed card)")
    result = apply_preset(gallery("builtin-basic"), reversed_type)
    assert result.kept_card_types == ["Card 2"]
    assert result.draft["tmpls"][1] == reversed_type["tmpls"][1]


def test_new_card_type_names_do_not_collide():
    notetype = copy.deepcopy(BASIC_LIKE)
    notetype["tmpls"][0]["name"] = "Card 2"
    preset = design_preset(body=gallery("builtin-basic-reversed").design, fields=("Front", "Back"))
    result = apply_preset(preset, notetype)
    assert [t["name"] for t in result.draft["tmpls"]] == ["Card 2", "Card 2 (2)"]


def test_cloze_designs_need_cloze_note_types(col):
    with pytest.raises(PresetError, match="cloze note type"):
        apply_preset(gallery("builtin-cloze"), col.models.by_name("Basic"))
    with pytest.raises(PresetError, match="standard"):
        apply_preset(gallery("builtin-basic"), col.models.by_name("Cloze"))
    result = apply_preset(gallery("builtin-cloze"), col.models.by_name("Cloze"))
    assert result.mapping.targets() == {"Text": "Text", "Back Extra": "Back Extra"}


def test_a_theme_replaces_only_its_block(col):
    basic = col.models.by_name("Basic")
    designed = apply_preset(gallery("builtin-basic"), basic).draft
    designed["css"] += "\n.mine { color: var(--atd-accent); }\n"
    sepia = gallery("builtin-theme-sepia")
    themed = apply_preset(sepia, designed).draft
    assert themed["tmpls"] == designed["tmpls"]
    assert themed["css"].startswith(theme_css(sepia.theme, "Sepia"))
    tail = designed["css"].split(BLOCK_END + "\n", 1)[1]
    assert themed["css"].endswith(tail)
    # applying again changes nothing; another theme swaps the block
    assert apply_preset(sepia, themed).draft["css"] == themed["css"]
    ocean = apply_preset(gallery("builtin-theme-ocean"), themed).draft["css"]
    assert ocean.count("/* atd-theme:") == 1 and "Ocean" in ocean and ocean.endswith(tail)


def test_a_theme_goes_first_in_css_without_a_block():
    result = apply_preset(theme_preset("Mine"), BASIC_LIKE)
    assert result.draft["css"] == theme_css(theme_preset().theme, "Mine") + "\n" + BASIC_LIKE["css"]


def test_a_snippet_returns_mapped_text_and_adds_its_css_once():
    snippet = snippet_preset(template="{{#Hint}}<i>{{Hint}}</i>{{/Hint}}", css=".x { margin: 0; }")
    notetype = {**BASIC_LIKE, "flds": [{"name": "Question"}, {"name": "Tip"}]}
    result = apply_preset(
        snippet, notetype, mapping_from_user(["Hint"], ["Question", "Tip"], {"Hint": "Tip"})
    )
    assert result.snippet == "{{#Tip}}<i>{{Tip}}</i>{{/Tip}}"
    css = result.draft["css"]
    assert css.startswith(BASIC_LIKE["css"])
    block = ".x { margin: 0; }\n/* atd-snippet-end: Sample snippet */"
    assert "/* atd-snippet: Sample snippet */\n" + block in css
    again = apply_preset(snippet, {**notetype, "css": css}).draft["css"]
    assert again == css
    assert result.draft["tmpls"] == notetype["tmpls"]
