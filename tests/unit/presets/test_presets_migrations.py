"""Schema 1 presets (Anki's key names) are read, checked at their own paths, and
brought up to schema 2; the file on disk is not rewritten by reading it."""

import json

import pytest

from anki_template_designer.services.presets import InvalidPreset, PresetStore
from anki_template_designer.services.presets.migrations import CURRENT, STEPS
from anki_template_designer.services.presets.schema import check_preset, read_preset_json

NOW = "2026-02-03T04:05:06Z"

V1_DESIGN = {
    "schema": 1,
    "kind": "design",
    "name": "  Old   style ",
    "description": "from a note type",
    "type": 0,
    "flds": [{"name": "Front"}, {"name": "Back"}, {"name": "Unused"}],
    "tmpls": [
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"},
        {"name": "", "qfmt": "{{Back}}{{Hidden}}", "afmt": "{{Front}}"},
    ],
    "css": ".card { color: red; }",
}


def test_a_v1_design_becomes_schema_2():
    preset = read_preset_json(json.loads(json.dumps(V1_DESIGN)), "old.atdpreset", now=NOW)
    assert preset.kind == "design"
    assert preset.name == "Old style"
    assert preset.description == "from a note type"
    assert preset.design.note_kind == "standard"
    assert [c.name for c in preset.design.card_types] == ["Card 1", "Card 2"]
    assert preset.design.card_types[1].front == "{{Back}}{{Hidden}}"
    assert preset.design.css == ".card { color: red; }"
    # listed fields first (in their order), then fields the templates use but did not list
    assert preset.fields == ("Front", "Back", "Unused", "Hidden")
    assert (preset.revision, preset.created, preset.modified) == (1, NOW, NOW)
    # and the result is a valid current preset
    assert check_preset(preset, "x")["schema"] == CURRENT


def test_a_v1_cloze_design_keeps_its_kind():
    data = {
        "schema": 1,
        "kind": "design",
        "name": "Old cloze",
        "type": 1,
        "flds": [{"name": "Text"}],
        "tmpls": [
            {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}{{#c2}}x{{/c2}}"}
        ],
    }
    preset = read_preset_json(data, "x", now=NOW)
    assert preset.design.note_kind == "cloze"
    assert preset.fields == ("Text",)


def test_v1_theme_and_snippet():
    theme = read_preset_json(
        {
            "schema": 1,
            "kind": "theme",
            "name": "Old theme",
            "vars": {"--atd-fg": "#000", "--atd-bg": "#fff"},
            "nightVars": {"--atd-fg": "#eee"},
        },
        "x",
        now=NOW,
    )
    assert dict(theme.theme.light) == {"--atd-fg": "#000", "--atd-bg": "#fff"}
    assert dict(theme.theme.night) == {"--atd-fg": "#eee"}
    snippet = read_preset_json(
        {"schema": 1, "kind": "snippet", "name": "Old snippet", "html": "<b>{{Hint}}</b>"},
        "x",
        now=NOW,
    )
    assert snippet.snippet.template == "<b>{{Hint}}</b>"
    assert snippet.fields == ("Hint",)


def test_v1_problems_are_reported_at_v1_paths():
    bad = {**V1_DESIGN, "tmpls": [{"name": "Card 1", "qfmt": 3, "afmt": ""}]}
    with pytest.raises(InvalidPreset) as caught:
        read_preset_json(bad, "old.atdpreset")
    assert [p.path for p in caught.value.problems] == ["/tmpls/0/qfmt"]


def test_a_migrated_preset_that_breaks_a_current_rule_is_refused():
    bad = {**V1_DESIGN, "flds": [{"name": "Front"}, {"name": "front"}]}
    with pytest.raises(InvalidPreset) as caught:
        read_preset_json(bad, "old.atdpreset")
    assert "appears twice" in str(caught.value)


def test_every_older_version_has_a_step():
    assert sorted(STEPS) == list(range(1, CURRENT))


def test_a_stored_v1_file_is_read_but_not_rewritten(presets_dir, clock):
    presets_dir.mkdir(parents=True)
    preset_id = "0123456789abcdef0123456789abcdef"
    path = presets_dir / f"{preset_id}.json"
    text = json.dumps({**V1_DESIGN, "id": preset_id})
    path.write_text(text, encoding="utf-8")
    store = PresetStore(presets_dir, clock=clock)
    stored = store.get(preset_id)
    assert stored.preset.id == preset_id
    assert path.read_text(encoding="utf-8") == text
    # the next write stores it in the current schema
    store.update(preset_id, stored.etag, lambda p: p.with_changes(description="new"))
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == CURRENT
