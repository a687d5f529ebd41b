"""The outbox and the run log on a real SQLite file: changes coalesce per note type, a
change made while a sync ran outlives that sync's clear, both survive reopening, and only
the newest runs are kept; the backoff's delays."""

from anki_template_designer.services.sync.backoff import Backoff
from anki_template_designer.services.sync.outbox import Outbox
from anki_template_designer.services.sync.run_log import Run, RunLog


def test_changes_coalesce_per_note_type_and_a_later_change_outlives_the_clear(tmp_path):
    outbox = Outbox(tmp_path / "sync.sqlite")
    for at in (1.0, 2.0, 3.0):
        outbox.record(7, at)
    outbox.record(9, 4.0)
    assert len(outbox) == 2
    taken = outbox.pending()
    assert [(e.notetype_id, e.changed_at) for e in taken] == [(7, 3.0), (9, 4.0)]
    outbox.record(9, 5.0)  # saved again while the sync runs
    assert outbox.clear(taken) == 1
    (left,) = outbox.pending()
    assert (left.notetype_id, left.changed_at) == (9, 5.0)
    outbox.close()
    reopened = Outbox(tmp_path / "sync.sqlite")
    assert [e.notetype_id for e in reopened.pending()] == [9]
    reopened.close()


def test_the_run_log_keeps_the_newest_runs_in_the_same_file(tmp_path):
    path = tmp_path / "sync.sqlite"
    outbox, runs = Outbox(path), RunLog(path, keep=50)
    for i in range(60):
        runs.add(Run(float(i), float(i) + 0.5, "synced", pushed=i))
    runs.close()
    latest = RunLog(path).latest()
    assert len(latest) == 50 and latest[0].pushed == 59 and latest[-1].pushed == 10
    assert latest[0].as_json()["outcome"] == "synced"
    assert len(outbox) == 0
    outbox.close()


def test_backoff_doubles_from_five_seconds_to_a_fifteen_minute_cap_with_jitter():
    exact = Backoff(rand=lambda: 0.0)
    assert [exact.delay(n) for n in range(1, 6)] == [5.0, 10.0, 20.0, 40.0, 80.0]
    assert exact.delay(30) == 900.0
    assert Backoff(rand=lambda: 1.0).delay(2) == 5.0  # at most half taken off
    spread = {Backoff().delay(4) for _ in range(20)}
    assert all(20.0 <= d <= 40.0 for d in spread) and len(spread) > 1
