"""The Insights service over a real collection: baseline, save, report, session end."""

import pytest
from review_log import CHANGE_AT_MS, known_collection

from anki_template_designer.services.analytics.insights_service import InsightsService
from anki_template_designer.services.metrics.snapshot import OperationStats


def op(name, p50):
    return OperationStats(name, 3, 0, p50 * 3, p50, p50, p50, p50, p50, p50, 100)


@pytest.fixture
def insights(tmp_path, col):
    return InsightsService(tmp_path / "insights", "User 1/../x", lambda: col, lambda: CHANGE_AT_MS)


def test_a_save_after_the_baseline_is_a_change_the_report_compares(insights, col, tmp_path):
    notetype = known_collection(col)
    insights.observe_collection()
    notetype["tmpls"][1]["afmt"] += "<br>"
    insights.changes.record_save(notetype["id"], notetype)
    report = insights.report(notetype["id"])
    [entry] = report["notetypes"]
    assert [c["side"] for c in entry["changes"]] == ["back"]
    assert entry["effects"][0]["message"].startswith("since Card 2's back changed on 3 Nov 2026")
    assert report["usage"] == {"enabled": False}
    # The profile name cannot climb out of the insights folder.
    assert (tmp_path / "insights" / "User_1____x" / "template_changes.json").is_file()


def test_report_of_a_missing_note_type_is_a_lookup_error(insights):
    with pytest.raises(LookupError, match="no note type with id 1"):
        insights.report(1)


def test_sessions_end_into_performance_history(insights, col):
    for render in (0.01, 0.01, 0.011, 0.009, 0.01, 0.04):
        insights.end_session((op("preview.render", render),))
    performance = insights.report(None)["performance"]
    assert performance["slowest"] == [{"operation": "preview.render", "p50_ms": 40.0}]
    assert performance["regressions"][0]["operation"] == "preview.render"
