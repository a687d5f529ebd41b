"""The engine when things go wrong: the mass-delete guard, a wiped remote, a server that
fails mid-upload, another machine syncing in between, a corrupted remote object. Each time
nothing the users wrote is lost, and the next sync completes."""

import shutil

import pytest
import requests

from anki_template_designer.services.backup.crypto import TamperedData
from anki_template_designer.services.backup.folder_backend import BackendError
from anki_template_designer.services.sync.errors import MassDeleteRefused, RemoteEmpty


def _agreed(a, b):
    a.sync()
    b.sync()


def test_the_mass_delete_guard_refuses_then_allows_when_asked(machines):
    a, b = machines
    _agreed(a, b)
    before = b.texts()
    doomed = [n for n in a.names() if n != "Basic"]
    assert len(doomed) > len(before) / 2
    for name in doomed:
        a.col.models.remove(a.notetype(name)["id"])
    with pytest.raises(MassDeleteRefused, match=f"delete {len(doomed)} of {len(before)}"):
        a.sync()
    assert b.sync().deleted_here == [] and b.texts() == before  # the remote kept them all
    assert a.sync(allow_mass_delete=True).deleted_there == sorted(doomed)
    with pytest.raises(MassDeleteRefused):  # each machine's own sync is guarded
        b.sync()
    assert b.texts() == before
    assert b.sync(allow_mass_delete=True).deleted_here == sorted(doomed)
    assert a.names() == b.names() == {"Basic"}


def test_a_wiped_remote_is_refused_and_nothing_changes(machines, tmp_path):
    a, b = machines
    _agreed(a, b)
    b.set_front("Basic", "mine {{Front}}")
    before = b.texts()
    (tmp_path / "remote" / "refs" / "head").unlink()
    with pytest.raises(RemoteEmpty, match="no head"):
        b.sync()
    shutil.rmtree(tmp_path / "remote")
    (tmp_path / "remote").mkdir()
    with pytest.raises(RemoteEmpty, match=r"keys\.json"):
        b.sync()
    assert b.texts() == before


class _FailsAfter:
    """Passes `ok` PUTs to the real session, then answers every request with a 500 or a
    dropped connection: a server that fails mid-upload (the server itself is real)."""

    def __init__(self, real, ok, kind):
        self.real, self.ok, self.kind, self.puts = real, ok, kind, 0

    def request(self, method, *args, **kwargs):
        if method == "PUT":
            self.puts += 1
        if self.puts > self.ok:
            if self.kind == "killed":
                raise requests.ConnectionError("connection reset by peer")
            response = requests.Response()
            response.status_code = 500
            response._content = b"<Error><Code>InternalError</Code></Error>"
            return response
        return self.real.request(method, *args, **kwargs)


@pytest.mark.parametrize(
    ("machines", "kind"), [("s3", "500"), ("s3", "killed")], indirect=["machines"]
)
def test_a_server_failing_mid_upload_leaves_both_sides_whole(machines, kind):
    a, b = machines
    _agreed(a, b)
    b.set_front("Basic", "b's {{Front}}")
    b.set_css("Cloze", ".b { }\n")
    before_a, before_b = a.texts(), b.texts()
    remote = b.engine.backend
    remote._sleep = lambda seconds: None
    remote._session = _FailsAfter(remote._session, 1, kind)  # the pack lands, its index not
    with pytest.raises(BackendError, match="failed after"):
        b.sync()
    remote._session = remote._session.real
    assert b.texts() == before_b
    assert a.sync().pulled == [] and a.texts() == before_a  # the head did not move
    assert sorted(b.sync().pushed) == ["Basic", "Cloze"]
    a.sync()
    assert a.front("Basic") == "b's {{Front}}" and a.texts() == b.texts()


class _OtherMachineFirst:
    """Lets the other machine sync just before our head write: a real race."""

    def __init__(self, real, other):
        self.real, self.other, self.raced = real, other, False

    def __getattr__(self, name):
        return getattr(self.real, name)

    def replace_if(self, name, data, tag):
        if not self.raced:
            self.raced = True
            self.other.sync()
        return self.real.replace_if(name, data, tag)


def test_another_machine_syncing_in_between_is_merged_not_overwritten(machines):
    a, b = machines
    _agreed(a, b)
    a.set_front("Basic", "a's {{Front}}")
    b.set_css("Basic", ".b { }\n")
    b.engine.backend = _OtherMachineFirst(b.engine.backend, a)
    report = b.sync()
    assert report.attempts == 2 and report.pulled == ["Basic"]
    a.sync()
    for machine in (a, b):
        assert machine.front("Basic") == "a's {{Front}}"
        assert machine.notetype("Basic")["css"] == ".b { }\n"


def test_a_corrupted_remote_object_is_reported_and_nothing_changes(machines, tmp_path):
    a, b = machines
    _agreed(a, b)
    a.set_front("Basic", "a's {{Front}}")
    a.sync()
    before = b.texts()
    state = (tmp_path / "b" / "sync-state.json").read_bytes()
    for pack in (tmp_path / "remote" / "packs").rglob("*"):
        if pack.is_file():
            data = bytearray(pack.read_bytes())
            data[len(data) // 2] ^= 0x01
            pack.write_bytes(bytes(data))
    with pytest.raises(TamperedData, match="object"):
        b.sync()
    assert b.texts() == before
    assert (tmp_path / "b" / "sync-state.json").read_bytes() == state
    assert a.front("Basic") == "a's {{Front}}"


def test_two_machines_syncing_at_once_both_land(machines):
    """Both sync at the same moment, many times, in two threads: compare-and-swap (and
    the write-once index) make one of them retry; every edit of both ends up on both."""
    import threading

    a, b = machines
    _agreed(a, b)
    errors, attempts = [], []

    def run(machine, name, rounds):
        try:
            for round_ in range(rounds):
                machine.set_css(name, f".round {{ n: {round_}; }}\n")
                attempts.append(machine.sync().attempts)
        except Exception as error:  # noqa: BLE001 - a thread reports what stopped it
            errors.append((name, error))

    threads = [
        threading.Thread(target=run, args=(a, "Basic", 6)),
        threading.Thread(target=run, args=(b, "Cloze", 6)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(attempts) == 12
    a.sync()
    b.sync()
    for machine in (a, b):
        assert machine.notetype("Basic")["css"] == ".round { n: 5; }\n"
        assert machine.notetype("Cloze")["css"] == ".round { n: 5; }\n"
    assert a.texts() == b.texts()


def test_files_that_do_not_make_a_note_type_stop_the_sync(machines):
    """A remote note type whose notetype.json names no card folders (written by a broken
    or newer client, sealed with the right key): refused before anything is written."""
    from anki_template_designer.services.sync.errors import SyncError

    a, b = machines
    _agreed(a, b)
    engine = a.engine
    real_read = engine.side.read

    def broken_read():
        files, mods = real_read()
        key = str(a.notetype("Basic")["id"])
        files[key] = {**files[key], "notetype.json": b'{"name": "Basic", "tmpls": [{}]}'}
        return files, mods

    engine.side.read = broken_read
    a.sync()  # pushes the broken files (a pushes what it reads; the remote takes them)
    before = b.texts()
    with pytest.raises(SyncError, match="do not make a note type"):
        b.sync()
    assert b.texts() == before
