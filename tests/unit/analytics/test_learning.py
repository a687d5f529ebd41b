"""Learning analytics on a real collection whose review log has known values."""

import json

import pytest
from review_log import CHANGE_AT_MS, known_collection

from anki_template_designer.services.analytics.learning import (
    card_type_stats,
    template_effects,
)
from anki_template_designer.services.analytics.template_changes import TemplateChange


def test_exact_figures_per_card_type(col):
    notetype = known_collection(col)
    stats = card_type_stats(col, [notetype["id"]])
    first = stats[(notetype["id"], 0)].to_json()
    assert first == {
        "notetype_id": notetype["id"],
        "notetype": "Basic (and reversed card)",
        "card_ord": 0,
        "card_type": "Card 1",
        "reviews": 100,  # manual entries are not reviews
        "mature_reviews": 80,
        "mature_retention": 0.875,
        "lapses": 10,
        "mean_answer_s": 5.6,
        "median_answer_s": 6.0,
        "learning_steps": 2.0,
        "fsrs_difficulty": None,
    }
    second = stats[(notetype["id"], 1)].to_json()
    assert (second["reviews"], second["mature_reviews"], second["mature_retention"]) == (
        200,
        0,
        None,
    )
    # 200 times 6000..6099 and 8400..8499 ms: the median is between 6099 and 8400.
    assert stats[(notetype["id"], 1)].median_answer_s == pytest.approx(7.2495)


def test_note_types_without_reviews_have_empty_figures(col):
    basic = col.models.by_name("Basic")
    [only] = card_type_stats(col, [basic["id"]]).values()
    assert only.to_json()["reviews"] == 0
    assert only.mature_retention is None and only.median_answer_s is None


def test_fsrs_difficulty_is_the_mean_of_the_cards_difficulty(col):
    notetype = known_collection(col)
    col.set_config("fsrs", True)
    ids = col.db.list("select c.id from cards c join notes n on n.id = c.nid where c.ord = 0")
    for index, card_id in enumerate(ids):
        data = json.dumps({"s": 10.0, "d": 4.0 + index % 2 * 2, "dr": 0.9})
        col.db.execute("update cards set data = ? where id = ?", data, card_id)
    stats = card_type_stats(col, [notetype["id"]])
    assert stats[(notetype["id"], 0)].fsrs_difficulty == 5.0
    assert stats[(notetype["id"], 1)].fsrs_difficulty is None


def change(notetype, side="back", ord_=1, at=CHANGE_AT_MS):
    return TemplateChange(notetype["id"], ord_, side, at)


def test_a_change_of_answer_time_at_a_known_template_change_is_reported(col):
    notetype = known_collection(col)
    stats = card_type_stats(col, [notetype["id"]])
    [effect] = template_effects(stats, [change(notetype)])
    assert (effect.metric, effect.card_type, effect.n_before, effect.n_after) == (
        "median_answer_s", "Card 2", 100, 100,
    )  # fmt: skip
    assert effect.before == 6.0495 and effect.after == 8.4495
    assert effect.p_value < 1e-30
    assert effect.message.startswith(
        "since Card 2's back changed on 3 Nov 2026, median answer time rose from 6.0 s to 8.4 s"
    )


def test_no_finding_from_too_little_data(col):
    notetype = known_collection(col, reviews_per_side=40, after_offset_ms=20_000)
    stats = card_type_stats(col, [notetype["id"]])
    assert template_effects(stats, [change(notetype)]) == []


def test_no_finding_without_a_real_difference(col):
    notetype = known_collection(col, after_offset_ms=0)
    stats = card_type_stats(col, [notetype["id"]])
    assert template_effects(stats, [change(notetype)]) == []


def test_a_change_of_another_card_type_or_note_type_is_not_compared(col):
    notetype = known_collection(col)
    stats = card_type_stats(col, [notetype["id"]])
    other = {"id": notetype["id"] + 1}
    assert template_effects(stats, [change(notetype, ord_=0), change(other)]) == []
    # The shared CSS affects every card type, so Card 2's shift is found again.
    assert [e.side for e in template_effects(stats, [change(notetype, "css", None)])] == ["css"]


def test_weekly_series_for_the_timeline(col):
    from anki_template_designer.services.analytics.learning import WEEK_MS, weekly_series

    notetype = known_collection(col)
    item = card_type_stats(col, [notetype["id"]])[(notetype["id"], 1)]
    weeks = weekly_series(item, CHANGE_AT_MS + WEEK_MS)
    assert len(weeks) == 12 and weeks[-1]["start_ms"] == CHANGE_AT_MS
    # 100 hourly reviews after the change: 100 h fall in the last week.
    assert weeks[-1]["reviews"] == 100
    assert weeks[-1]["median_answer_s"] == pytest.approx(8.4495, abs=5e-4)
    assert sum(w["reviews"] for w in weeks) == 200
