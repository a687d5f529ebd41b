"""Opt-in usage analytics: no content ever stored (planted canary), opt-out deletes."""

import json
import time

import pytest

from anki_template_designer.services.analytics.usage_events import (
    EVENTS,
    UsageAnalytics,
    UsageError,
)

CANARY = "CANARY-9d1e-field-text"
DAY_MS = 86_400_000


class Clock:
    def __init__(self, now=1_790_000_000_000):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def path(tmp_path):
    return tmp_path / "user_files" / "insights" / "usage.json"


def test_nothing_is_recorded_before_opting_in(path):
    usage = UsageAnalytics(path, Clock())
    usage.start_session()
    usage.record("designer.opened")
    usage.record(CANARY)  # not even checked: disabled means a no-op
    usage.flush()
    assert not path.exists()


def test_a_planted_canary_never_reaches_the_stored_data(path):
    usage = UsageAnalytics(path, Clock())
    usage.opt_in()
    usage.start_session()
    for hostile in (CANARY, f"designer.opened {CANARY}", f"designer.opened\n{CANARY}", ""):
        with pytest.raises(UsageError, match="only EVENTS are recorded"):
            usage.record(hostile)
    usage.record("designer.opened")
    usage.close()
    stored = path.read_text()
    assert CANARY not in stored and "designer.opened" not in stored  # codes, not names
    assert json.loads(stored)["events"][0][1] == EVENTS.index("designer.opened")


def test_summary_sessions_adoption_and_time_to_first_save(path):
    clock = Clock()
    usage = UsageAnalytics(path, clock)
    usage.opt_in()
    for minutes_to_save in (2, 4, 9):
        usage.start_session()
        usage.record("designer.opened")
        clock.now += minutes_to_save * 60_000
        usage.record("designer.saved")
        usage.record("designer.saved")
        clock.now += 7 * DAY_MS
    usage.close()
    again = UsageAnalytics(path, clock)  # persisted and still enabled
    summary = again.summary()
    assert again.enabled and summary["sessions"] == 3
    assert summary["features"] == {"designer.saved": 6, "designer.opened": 3}
    assert len(summary["weeks"]) == 3
    assert summary["median_time_to_first_save_s"] == 240.0


def test_opting_out_deletes_everything(path):
    usage = UsageAnalytics(path, Clock())
    usage.opt_in()
    usage.record("preview.shown")
    usage.flush()
    assert path.exists()
    usage.record("preview.shown")
    usage.opt_out()
    usage.flush()
    assert not path.exists() and not usage.enabled
    assert not UsageAnalytics(path, Clock()).enabled


def test_a_damaged_file_disables_recording_instead_of_failing(path):
    path.parent.mkdir(parents=True)
    path.write_text("{broken")
    usage = UsageAnalytics(path, Clock())
    assert not usage.enabled
    usage.record("designer.opened")


def test_recording_an_event_takes_under_50_microseconds(path):
    usage = UsageAnalytics(path, lambda: 0)
    usage.opt_in()
    count = 20_000
    started = time.perf_counter()
    for _ in range(count):
        usage.record("canvas.style_changed")
    per_event = (time.perf_counter() - started) / count
    assert per_event < 50e-6, f"{per_event * 1e6:.2f} µs per event"
