"""The SyncRunner over the real engine, real collections and real remotes (a folder, the
session's moto S3 server): offline then online drains the outbox; a failing remote (a
bucket not there yet) keeps the entries and backs off by the fake clock until it works; a
crash mid-sync (an exception, and os._exit in a child process as kill -9) keeps them;
conflicts wait for a choice."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sync_machines import PASSPHRASE, two_machines

from anki_template_designer.services.backup.folder_backend import FolderBackend
from anki_template_designer.services.sync.backoff import Backoff
from anki_template_designer.services.sync.engine import SyncEngine
from anki_template_designer.services.sync.outbox import Outbox
from anki_template_designer.services.sync.remotes.s3 import S3Remote
from anki_template_designer.services.sync.run_log import RunLog
from anki_template_designer.services.sync.runner import SyncRunner
from fake_clock import FakeClock

RUNNER = Path(__file__).with_name("runner_kill.py")


class Network:
    """The connectivity predicate the gui layer would pass in."""

    def __init__(self, up=True):
        self.up = up

    def __call__(self):
        return self.up


def runner_for(machine, path, network=None, clock=None, engine=None):
    chosen = engine or machine.engine
    return SyncRunner(
        Outbox(path, clock or FakeClock()),
        RunLog(path),
        lambda: chosen,
        network or Network(),
        clock=clock or FakeClock(),
        backoff=Backoff(rand=lambda: 0.0),
    )


@pytest.fixture
def folder_machines(tmp_path):
    remote = tmp_path / "remote"
    a, b = two_machines(tmp_path, FolderBackend(remote), FolderBackend(remote))
    yield a, b
    a.col.close()
    b.col.close()


def test_offline_the_change_waits_online_it_is_synced_and_the_outbox_drained(
    folder_machines, tmp_path
):
    a, b = folder_machines
    a.sync()
    b.sync()
    network = Network(up=False)
    runner = runner_for(a, tmp_path / "a.sqlite", network)
    a.set_front("Basic", "offline {{Front}}")
    runner.changed(a.notetype("Basic")["id"])
    assert not runner.due() and runner.status().state == "offline"
    assert runner.run().state == "offline" and runner.runs.latest() == []
    network.up = True
    assert runner.due() and runner.status().state == "pending"
    status = runner.run()
    assert status.state == "synced" and len(runner.outbox) == 0 and not runner.due()
    (run,) = runner.runs.latest()
    assert (run.outcome, run.covered, run.pushed) == ("synced", 1, 1)
    b.sync()
    assert b.front("Basic") == "offline {{Front}}"


def test_a_failing_remote_backs_off_by_the_clock_then_the_sync_goes_through(s3_endpoint, tmp_path):
    bucket = f"atd-later-{os.getpid()}-{id(tmp_path) % 10000}"
    remote = S3Remote(s3_endpoint, bucket, "repo", "testing", "testing", backoff=0.001)
    a, b = two_machines(tmp_path, remote, FolderBackend(tmp_path / "unused"))
    clock = FakeClock()
    runner = runner_for(a, tmp_path / "a.sqlite", clock=clock)
    try:
        runner.changed(a.notetype("Basic")["id"])
        for failures, delay in ((1, 5.0), (2, 10.0), (3, 20.0)):
            status = runner.run()
            assert status.state == "error" and "NoSuchBucket" in status.message
            assert status.failures == failures and status.retry_at == clock() + delay
            assert len(runner.outbox) == 1
            assert runner.run().failures == failures  # automatic, backing off: no run
            assert len(runner.runs.latest()) == failures
            clock.advance(delay - 0.1)
            assert not runner.due()
            clock.advance(0.1)
            assert runner.due()
        assert remote._request("PUT", None).status_code == 200  # the bucket is there now
        status = runner.run()
        assert status.state == "synced" and status.failures == 0 and status.retry_at is None
        assert len(runner.outbox) == 0 and not runner.due()
        assert [r.outcome for r in runner.runs.latest()] == ["synced", "error", "error", "error"]
    finally:
        a.col.close()
        b.col.close()


class FailsAtHeadWrite:
    """The remote's connection dropping at the head write (the network edge)."""

    def __init__(self, real):
        self.real = real

    def __getattr__(self, name):
        return getattr(self.real, name)

    def replace_if(self, name, data, tag):
        raise ConnectionResetError("connection reset while writing the head")


def test_an_exception_mid_sync_keeps_the_entries_and_the_next_run_syncs(folder_machines, tmp_path):
    a, b = folder_machines
    a.sync()
    b.sync()
    a.set_front("Basic", "kept {{Front}}")
    broken = SyncEngine(
        a.col, FailsAtHeadWrite(a.engine.backend), PASSPHRASE, a.engine.state_path, "a"
    )
    runner = runner_for(a, tmp_path / "a.sqlite", engine=broken)
    runner.changed(a.notetype("Basic")["id"])
    status = runner.run()
    assert status.state == "error" and "connection reset" in status.message
    assert [e.notetype_id for e in runner.outbox.pending()] == [a.notetype("Basic")["id"]]
    fixed = runner_for(a, tmp_path / "a.sqlite")  # the same outbox file, a working remote
    assert fixed.run().state == "synced" and len(fixed.outbox) == 0
    b.sync()
    assert b.front("Basic") == "kept {{Front}}"


def test_killed_mid_sync_the_entry_survives_and_the_next_run_syncs(folder_machines, tmp_path):
    a, b = folder_machines
    a.sync()
    b.sync()
    b.set_front("Basic", "b's {{Front}}")
    basic_id = b.notetype("Basic")["id"]
    b_path, state = b.col.path, b.engine.state_path
    b.col.close()
    outbox_path = tmp_path / "b.sqlite"
    child = subprocess.run(
        [sys.executable, str(RUNNER), b_path, str(tmp_path / "remote"), str(state),
         str(outbox_path), str(basic_id)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert child.returncode == 137, child.stderr
    outbox = Outbox(outbox_path)
    assert [e.notetype_id for e in outbox.pending()] == [basic_id]
    outbox.close()

    from anki.collection import Collection

    col = Collection(b_path)
    b.col = col
    engine = SyncEngine(col, FolderBackend(tmp_path / "remote"), PASSPHRASE, state, "b")
    runner = runner_for(b, outbox_path, engine=engine)
    assert runner.run().state == "synced" and len(runner.outbox) == 0
    a.sync()
    assert a.front("Basic") == "b's {{Front}}"


def test_a_conflict_keeps_the_entries_and_waits_for_a_choice(folder_machines, tmp_path):
    a, b = folder_machines
    a.sync()
    b.sync()
    a.set_front("Basic", "a's {{Front}}")
    b.set_front("Basic", "b's {{Front}}")
    b.sync()
    runner = runner_for(a, tmp_path / "a.sqlite")
    runner.changed(a.notetype("Basic")["id"])
    status = runner.run()
    assert status.state == "conflict" and "Basic" in status.message
    assert [c["name"] for c in status.conflicts] == ["Basic"]
    assert "a's" not in str(status.as_json())  # names and places, never the texts
    assert len(runner.outbox) == 1 and not runner.due()
    assert runner.run().state == "conflict" and len(runner.runs.latest()) == 1  # automatic: no run
    assert runner.status().state == "conflict"
    assert runner.run("ours").state == "synced" and len(runner.outbox) == 0
    b.sync()
    assert b.front("Basic") == "a's {{Front}}"
