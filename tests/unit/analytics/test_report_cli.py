"""`atd report` on a real collection file with a review log of known values."""

import csv
import io
import json

from review_log import CHANGE_AT_MS, known_collection

from anki_template_designer.cli import main
from anki_template_designer.services.analytics.report import build_report, report_csv
from anki_template_designer.services.analytics.template_changes import TemplateChangeLog

NAME = "Basic (and reversed card)"


def collection_file(tmp_path, col):
    notetype = known_collection(col)
    notetype["tmpls"][1]["afmt"] = "{{FrontSide}}<hr id=answer>{{Front}}<script>pycmd('x')</script>"
    col.models.update_dict(notetype)
    changes = TemplateChangeLog(tmp_path / "template_changes.json", lambda: CHANGE_AT_MS)
    changes.observe(notetype["id"], {**notetype, "tmpls": [notetype["tmpls"][0], {}]})
    changes.record_save(notetype["id"], notetype)
    path = col.path
    col.close()
    return path, tmp_path / "template_changes.json"


def test_report_json_holds_every_part_with_the_known_figures(tmp_path, col, capsys):
    path, changes = collection_file(tmp_path, col)
    assert main(["report", path, "--notetype", NAME, "--json", "--changes", str(changes)]) == 0
    report = json.loads(capsys.readouterr().out)
    [entry] = report["notetypes"]
    assert entry["notetype"] == NAME and report["collection"]["notetypes"] == 1
    card1 = entry["learning"][0]
    assert (card1["reviews"], card1["mature_retention"], card1["lapses"]) == (100, 0.875, 10)
    assert [c["side"] for c in entry["changes"]] == ["front", "back"]  # card 2's sides
    assert {e["metric"] for e in entry["effects"]} == {"median_answer_s"}
    assert entry["effects"][0]["message"].startswith("since Card 2's")
    assert [d["code"] for d in entry["compatibility"]] == ["compat-desktop-only-js"]
    assert any(r["fix"].startswith("guard it") for r in entry["recommendations"])


def test_report_text_is_located_and_readable(tmp_path, col, capsys):
    path, changes = collection_file(tmp_path, col)
    assert main(["report", path, "--notetype", NAME, "--changes", str(changes)]) == 0
    out = capsys.readouterr().out
    assert f"== {NAME}: score" in out
    assert f"{NAME} / card 2 / back:1:" in out and "compat-desktop-only-js" in out
    assert "Card 1: 100 reviews, mature retention 87.5% (80), 10 lapses" in out
    assert "! since Card 2's front and back changed on 3 Nov 2026, median answer time rose" in out


def test_report_without_changes_has_no_effects_and_errors_are_explained(tmp_path, col, capsys):
    path, _ = collection_file(tmp_path, col)
    assert main(["report", path, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert all(entry["effects"] == [] for entry in report["notetypes"])
    assert main(["report", str(tmp_path / "none.anki2")]) == 2
    assert "no such collection file" in capsys.readouterr().err
    assert main(["report", path, "--notetype", "Nope"]) == 2
    assert "no note type with this name" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text('{"schema": 7}')
    assert main(["report", path, "--changes", str(tmp_path / "bad.json")]) == 2
    assert "schema 7" in capsys.readouterr().err


def test_csv_export_has_one_row_per_card_type_and_defuses_formulas(col):
    notetype = col.models.by_name("Basic")
    notetype["name"] = "=HYPERLINK(1)"
    col.models.update_dict(notetype)
    report = build_report(col, [col.models.by_name("=HYPERLINK(1)")])
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0][:3] == ["notetype", "card_type", "reviews"]
    assert rows[1][:3] == ["'=HYPERLINK(1)", "Card 1", "0"]
