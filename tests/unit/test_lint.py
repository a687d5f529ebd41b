import copy
import json

import pytest

from anki_template_designer.cli import main
from anki_template_designer.services.lint import Linter
from anki_template_designer.services.preview import PreviewRenderer
from collection_helpers import STOCK_NOTETYPES, add_note

STOCK = STOCK_NOTETYPES


def check(col, draft):
    return Linter(PreviewRenderer(lambda: col)).check(draft)


def codes(found):
    return [(d.severity, d.code) for d in found]


@pytest.mark.parametrize("name", STOCK)
def test_stock_note_types_have_no_errors_or_warnings(col, name):
    found = check(col, col.models.by_name(name))
    assert [d for d in found if d.severity != "info"] == []


def test_each_problem_is_reported_once_at_its_line_and_column(col):
    draft = copy.deepcopy(col.models.by_name("Basic (and reversed card)"))
    draft["tmpls"][0]["qfmt"] = "<div>\n  {{Frnt}}</div>"
    found = check(col, draft)
    unknown = [d for d in found if "Frnt" in d.message]
    assert len(unknown) == 1
    (d,) = unknown
    assert (d.severity, d.code, d.card_type, d.side, d.line, d.column) == (
        "error",
        "unknown-field",
        0,
        "front",
        2,
        3,
    )
    assert d.fix == "use {{Front}}" and d.component_id


def test_unbalanced_sections_are_errors_located_at_the_open_tag(col):
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["afmt"] = "{{FrontSide}}\n<hr id=answer>\n{{#Back}}{{Back}}"
    (d,) = [d for d in check(col, draft) if d.severity == "error"]
    assert (d.code, d.side, d.line, d.column) == ("section-error", "back", 3, 1)
    assert "{{/Back}}" in d.message


def test_blank_and_identical_fronts_and_cloze_without_cloze(col):
    draft = copy.deepcopy(col.models.by_name("Basic (and reversed card)"))
    draft["tmpls"][1]["qfmt"] = draft["tmpls"][0]["qfmt"]
    assert ("error", "identical-fronts") in codes(check(col, draft))
    draft["tmpls"][0]["qfmt"] = "just text"
    assert ("error", "blank-front") in codes(check(col, draft))
    cloze = copy.deepcopy(col.models.by_name("Cloze"))
    cloze["tmpls"][0]["qfmt"] = "{{Text}}"
    assert ("error", "cloze-without-cloze-filter") in codes(check(col, cloze))


def test_mobile_and_offline_warnings(col):
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["qfmt"] = (
        '{{Front}}{{type:Front}}{{type:Back}}\n<img src="https://example.org/a.png">'
        "<script src='//cdn.example.org/x.js'></script>"
        "<script>document.write('{{Back}}')</script>"
    )
    draft["css"] += "\n.hint { color: #777; }\n@font-face { src: url(https://f.example/x.woff2) }"
    found = {d.code: d for d in check(col, draft)}
    assert found["several-type-in-boxes"].line == 1
    assert found["remote-url"].severity == "warning"
    assert found["external-script"].line == 2
    assert found["document-write"].side == "front"
    assert found["image-without-max-width"].side == "css"
    assert "night" in found["colour-without-night-mode"].message
    assert (
        found["colour-without-night-mode"].line
        == draft["css"].splitlines().index(".hint { color: #777; }") + 1
    )


def test_night_rules_and_img_max_width_silence_their_warnings(col):
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["qfmt"] = "{{Front}}<img src=x.png>"
    draft["css"] += "\n.hint { color: #777; }\n.nightMode .hint { color: #aaa; }\n"
    draft["css"] += "img { max-width: 100%; }"
    found = codes(check(col, draft))
    assert ("warning", "colour-without-night-mode") not in found
    assert ("warning", "image-without-max-width") not in found


def test_a_missing_frontside_is_only_information(col):
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["afmt"] = "{{Back}}"
    assert codes(check(col, draft)) == [("info", "back-without-frontside")]


def planted_collection(tmp_path, col):
    add_note(col, "Basic", "q", "a")
    basic = col.models.by_name("Basic")
    basic["tmpls"][0]["qfmt"] = "<p>\n  {{Frnt}}</p>"
    col.models.update_dict(basic, skip_checks=True)
    path = col.path
    col.close()
    return path


def test_atd_lint_prints_located_errors_and_exits_1(tmp_path, col, capsys):
    path = planted_collection(tmp_path, col)
    assert main(["lint", path, "--notetype", "Basic"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "Basic / Card 1 / front:2:3: error unknown-field: there is no field called 'Frnt'"
        in (out[0])
    )
    assert out[-1] == "1 errors, 0 other findings"
    assert main(["lint", path, "--notetype", "Cloze"]) == 0


def test_atd_lint_json_is_a_list_of_diagnostics(tmp_path, col, capsys):
    path = planted_collection(tmp_path, col)
    assert main(["lint", path, "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert isinstance(found, list)
    assert {
        "severity",
        "code",
        "message",
        "card_type",
        "side",
        "line",
        "column",
        "component_id",
        "fix",
        "notetype",
    } <= set(found[0])
    assert any(d["code"] == "unknown-field" and d["notetype"] == "Basic" for d in found)


def test_atd_lint_explains_a_missing_collection(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "nope.anki2")]) == 2
    assert "no such collection file" in capsys.readouterr().err


def test_a_check_after_one_edit_parses_only_the_changed_side(col):
    linter = Linter(PreviewRenderer(lambda: col))
    draft = copy.deepcopy(col.models.by_name("Basic (and reversed card)"))
    first = linter.check(draft)
    parsed = linter._parses.misses
    draft["tmpls"][1]["qfmt"] = "<b>{{Back}}</b>"
    second = linter.check(draft)
    assert linter._parses.misses == parsed + 1
    draft["tmpls"][1]["qfmt"] = "{{Nope}}"
    third = linter.check(draft)
    assert first == second and any(d.code == "unknown-field" for d in third)
