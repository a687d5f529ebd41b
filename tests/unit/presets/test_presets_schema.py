"""The preset schema: every kind of rule (type, range, format, enum, required, shape)
and the rules JSON Schema cannot say, each reported with its path."""

import copy
import json

import pytest

from anki_template_designer.services.presets import InvalidPreset, UnsupportedSchema
from anki_template_designer.services.presets.schema import check_preset, read_preset_json
from preset_helpers import design_preset, snippet_preset, theme_preset, valid_json


def problems_of(data):
    with pytest.raises(InvalidPreset) as caught:
        read_preset_json(data, "sample.atdpreset")
    return {(p.path, p.message) for p in caught.value.problems}


def paths_of(data):
    return {path for path, _ in problems_of(data)}


def test_a_valid_preset_reads_back_equal():
    data = valid_json()
    preset = read_preset_json(copy.deepcopy(data), "x")
    assert preset.to_json() == data


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        # type
        ({"name": 5}, "/name", "is not of type 'string'"),
        ({"revision": "3"}, "/revision", "is not of type 'integer'"),
        ({"fields": "Front"}, "/fields", "is not of type 'array'"),
        ({"description": None}, "/description", "is not of type 'string'"),
        # range
        ({"revision": 0}, "/revision", "less than the minimum of 1"),
        ({"revision": 2**31}, "/revision", "greater than the maximum"),
        ({"name": "x" * 81}, "/name", "is too long"),
        ({"name": ""}, "/name", "should be non-empty"),
        ({"description": "d" * 2001}, "/description", "is too long"),
        ({"fields": [f"F{i}" for i in range(101)]}, "/fields", "is too long"),
        # format (patterns)
        ({"id": "../../etc/passwd"}, "/id", "does not match"),
        ({"created": "yesterday"}, "/created", "does not match"),
        ({"modified": "2026-01-01 00:00:00"}, "/modified", "does not match"),
        ({"name": " padded"}, "/name", "does not match"),
        ({"name": "bell\x07"}, "/name", "does not match"),
        ({"fields": ["#Front"]}, "/fields/0", "does not match"),
        ({"fields": ["Fro:nt"]}, "/fields/0", "does not match"),
        ({"fields": ["{{x}}"]}, "/fields/0", "does not match"),
        # enum / const
        ({"kind": "layout"}, "/kind", "is not one of"),
        ({"format": "other"}, "/format", "was expected"),
        # shape
        ({"extra": 1}, "", "Additional properties are not allowed"),
    ],
)
def test_each_rule_reports_its_path(change, path, fragment):
    found = problems_of(valid_json(**change))
    assert any(p == path and fragment in m for p, m in found), found


def test_required_keys_are_named():
    data = valid_json()
    del data["name"], data["fields"]
    messages = {m for _, m in problems_of(data)}
    assert "'name' is a required property" in messages
    assert "'fields' is a required property" in messages


def test_the_body_must_match_the_kind():
    assert problems_of(valid_json(kind="theme")) == {
        ("/design", "a theme preset cannot carry a 'design' object"),
        ("", "a theme preset needs a 'theme' object"),
    }
    assert problems_of(valid_json(snippet={"template": "x"})) == {
        ("/snippet", "a design preset cannot carry a 'snippet' object")
    }


def test_the_schema_file_alone_also_ties_the_body_to_the_kind():
    from anki_template_designer.services.presets.schema import validator

    assert validator(2).problems(valid_json(snippet={"template": "x"}))
    data = valid_json()
    del data["design"]
    assert validator(2).problems(data)


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        ({"noteKind": "image"}, "/design/noteKind", "is not one of"),
        ({"cardTypes": []}, "/design/cardTypes", "should be non-empty"),
        (
            {"cardTypes": [{"name": "C", "front": "x"}]},
            "/design/cardTypes/0",
            "'back' is a required",
        ),
        (
            {"cardTypes": [{"name": "C", "front": 1, "back": ""}]},
            "/design/cardTypes/0/front",
            "type",
        ),
        ({"css": "x" * 500_001}, "/design/css", "is too long"),
    ],
)
def test_design_rules(change, path, fragment):
    data = valid_json()
    data["design"].update(change)
    assert any(p == path and fragment in m for p, m in problems_of(data))


def theme_json(light, night=None):
    data = theme_preset().with_changes(id="abc").to_json()
    data["theme"]["vars"] = {"light": light, **({"night": night} if night is not None else {})}
    return data


@pytest.mark.parametrize(
    ("light", "path", "fragment"),
    [
        ({"--atd-fg": "#000"}, "/theme/vars/light", "'--atd-bg' is a required property"),
        (
            {"--atd-fg": "#000", "--atd-bg": "#fff", "color": "red"},
            "/theme/vars/light",
            "does not match",
        ),
        (
            {"--atd-fg": "#000", "--atd-bg": "#fff; } body { x"},
            "/theme/vars/light/--atd-bg",
            "does not match",
        ),
        (
            {"--atd-fg": "#000", "--atd-bg": "</style>"},
            "/theme/vars/light/--atd-bg",
            "does not match",
        ),
        (
            {"--atd-fg": "#000", "--atd-bg": "red /* x"},
            "/theme/vars/light/--atd-bg",
            "does not match",
        ),
        (
            {"--atd-fg": "#000", "--atd-bg": "a */ b"},
            "/theme/vars/light/--atd-bg",
            "does not match",
        ),
        ({"--atd-fg": "#000", "--atd-bg": ""}, "/theme/vars/light/--atd-bg", "should be non-empty"),
        ({"--atd-fg": 0, "--atd-bg": "#fff"}, "/theme/vars/light/--atd-fg", "is not of type"),
    ],
)
def test_theme_rules(light, path, fragment):
    found = problems_of(theme_json(light))
    assert any(p == path and fragment in m for p, m in found), found


def test_media_rules():
    data = valid_json(
        media=[
            {"name": "font.woff2", "size": 3, "sha256": "0" * 64},
            {"name": "_x.exe", "size": 3, "sha256": "0" * 64},
            {"name": "_ok.woff2", "size": -1, "sha256": "0" * 64},
            {"name": "_ok2.woff2", "size": 3, "sha256": "xyz"},
        ]
    )
    found = paths_of(data)
    assert {"/media/0/name", "/media/1/name", "/media/2/size", "/media/3/sha256"} <= found


def test_semantic_rules_have_paths():
    preset = design_preset(fields=("Front", "front"))
    with pytest.raises(InvalidPreset) as caught:
        check_preset(preset, "x")
    messages = {(p.path, p.message) for p in caught.value.problems}
    assert ("/fields/1", "field 'front' appears twice") in messages
    assert ("/fields", "the templates use the field 'Back', which is not listed") in messages


def test_card_type_names_are_unique_and_cloze_has_one_card_type():
    data = valid_json()
    data["design"]["cardTypes"] = [
        {"name": "Card 1", "front": "{{Front}}", "back": "{{Back}}"},
        {"name": "card 1", "front": "{{Back}}", "back": "{{Front}}"},
    ]
    assert ("/design/cardTypes/1/name", "card type 'card 1' appears twice") in problems_of(data)
    data["design"]["noteKind"] = "cloze"
    assert any(p == "/design/cardTypes" and "exactly one" in m for p, m in problems_of(data))


def test_cloze_numbers_are_not_fields_but_special_fields_never_are():
    data = valid_json(fields=["Text"])
    data["design"] = {
        "noteKind": "cloze",
        "cardTypes": [
            {"name": "Cloze", "front": "{{#c1}}{{cloze:Text}}{{/c1}}", "back": "{{Tags}}"}
        ],
        "css": "",
    }
    assert read_preset_json(data, "x").fields == ("Text",)


def test_snippets_list_their_fields():
    assert check_preset(snippet_preset(), "x")["fields"] == ["Hint"]
    with pytest.raises(InvalidPreset):
        check_preset(snippet_preset().with_changes(fields=()), "x")


@pytest.mark.parametrize("data", [[], "text", 3, None])
def test_a_preset_must_be_an_object(data):
    assert paths_of(data) == {""}


@pytest.mark.parametrize("version", ["2", None, True, 2.0])
def test_the_schema_version_must_be_an_integer(version):
    data = valid_json(schema=version)
    assert ("/schema", "the schema version must be an integer") in problems_of(data)


def test_an_unknown_newer_schema_version_says_update_the_addon():
    with pytest.raises(UnsupportedSchema, match=r"sample\.atdpreset uses preset schema 7.*update"):
        read_preset_json(valid_json(schema=7), "sample.atdpreset")
    with pytest.raises(UnsupportedSchema, match="schema 0"):
        read_preset_json(valid_json(schema=0), "sample.atdpreset")


def test_inlined_references_report_the_same_problems_as_the_schema_file():
    from anki_template_designer.services.presets.schema import SCHEMA_FILES, inline_refs, validator
    from anki_template_designer.services.validation import load_schema

    as_written = load_schema(SCHEMA_FILES[2])
    assert "$ref" not in json.dumps(inline_refs(json.loads(SCHEMA_FILES[2].read_text())))
    bad = valid_json(name=" x", revision=0, fields=["#a", "b"], media=[{"name": "x", "size": -1}])
    bad["design"]["cardTypes"][0]["front"] = 5
    assert validator(2).problems(bad) == as_written.problems(bad)
    assert len(validator(2).problems(bad)) >= 6
