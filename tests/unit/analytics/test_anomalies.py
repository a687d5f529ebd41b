"""Robust anomaly flags on performance history and on weekly lapses."""

from review_log import DAY_MS, ReviewLog

from anki_template_designer.services.analytics.anomalies import latest_anomaly
from anki_template_designer.services.analytics.learning import card_type_stats
from anki_template_designer.services.analytics.learning_anomalies import lapse_anomalies
from anki_template_designer.services.analytics.performance_history import PerformanceHistory
from anki_template_designer.services.metrics.snapshot import OperationStats
from collection_helpers import add_note


def op(name, p50):
    return OperationStats(name, 10, 0, p50 * 10, p50, p50, p50, p50, p50, p50, 100)


def test_no_flag_from_too_little_history_or_ordinary_noise():
    assert latest_anomaly([1, 1, 10]) is None
    assert latest_anomaly([10, 11, 9, 10, 12, 11, 10, 13]) is None
    assert latest_anomaly([10, 11, 9, 10, 12, 11, 10, 9]) is None


def test_a_doubling_after_a_steady_history_is_flagged():
    found = latest_anomaly([10, 11, 9, 10, 12, 11, 10, 22])
    assert found is not None and found.baseline == 10.0 and found.ratio == 2.2


def test_performance_history_persists_and_flags_regressions(tmp_path):
    history = PerformanceHistory(tmp_path / "performance.jsonl")
    for session, render in enumerate([0.010, 0.011, 0.009, 0.010, 0.0105, 0.030]):
        history.append_session(session, [op("preview.render", render), op("lint.check", 0.002)])
    again = PerformanceHistory(tmp_path / "performance.jsonl")
    assert len(again.sessions()) == 6
    assert again.slowest(1) == [("preview.render", 0.030)]
    [regression] = again.regressions()
    assert regression.operation == "preview.render"
    assert "3.0× its usual 10.0 ms" in regression.to_json()["message"]
    with (tmp_path / "performance.jsonl").open("a") as file:
        file.write('{"schema": 1, "at": 9, "op')  # cut short by a crash
    assert len(again.sessions()) == 6
    again.delete()
    assert again.sessions() == []


def test_lapses_that_double_in_the_last_week_are_flagged_with_enough_reviews(col):
    notes = [add_note(col, "Basic", f"q{i}", "a") for i in range(5)]
    cards = [note.cards()[0].id for note in notes]
    now = 1_800_000_000_000
    log = ReviewLog(col)
    for week in range(12):  # 30 reviews a week, 3 lapses a week, then 12 in the last
        lapses = 12 if week == 0 else 3
        for index in range(30):
            at = now - week * 7 * DAY_MS - (index + 1) * 3_600_000
            log.add(cards[index % 5], ease=1 if index < lapses else 3, kind=1,
                    time_ms=5000, last_ivl=5, at_ms=at)  # fmt: skip
    basic = col.models.by_name("Basic")
    stats = card_type_stats(col, [basic["id"]])
    [found] = lapse_anomalies(stats, now)
    assert (found.card_type, found.lapses, found.usual) == ("Card 1", 12, 3.0)
    assert "4.0× the usual 3 a week" in found.to_json()["message"]
    # The same log judged a week earlier has no anomaly.
    assert lapse_anomalies(stats, now - 7 * DAY_MS) == []
