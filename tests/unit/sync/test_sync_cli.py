"""`atd sync` on two real collection files through a folder remote and the moto S3
server: a clean sync, a conflict named with exit 1 and the local text kept, `--take`,
usage errors with exit 2."""

import copy
import shutil

import pytest
from anki.collection import Collection

from anki_template_designer.cli import main
from anki_template_designer.cli.sync import state_path

PASSPHRASE = "correct horse battery"


def _front(path, text=None):
    col = Collection(str(path))
    try:
        notetype = copy.deepcopy(col.models.by_name("Basic"))
        if text is not None:
            notetype["tmpls"][0]["qfmt"] = text
            col.models.update_dict(notetype)
        return notetype["tmpls"][0]["qfmt"]
    finally:
        col.close()


@pytest.fixture
def two_files(tmp_path, monkeypatch):
    monkeypatch.setenv("ATD_PASSPHRASE", PASSPHRASE)
    first = tmp_path / "a" / "collection.anki2"
    first.parent.mkdir()
    Collection(str(first)).close()
    second = tmp_path / "b" / "collection.anki2"
    second.parent.mkdir()
    shutil.copy(first, second)
    return first, second


def test_sync_a_conflict_named_then_resolved(two_files, tmp_path, capsys):
    a, b = two_files
    remote = (tmp_path / "remote").as_uri()
    assert main(["sync", str(a), "--remote", remote]) == 0
    assert "recovery code" in capsys.readouterr().out
    assert main(["sync", str(b), "--remote", remote]) == 0
    assert state_path(str(b), remote).is_file()
    _front(a, "{{Front}} from a")
    _front(b, "{{Front}} from b")
    assert main(["sync", str(a), "--remote", remote]) == 0
    assert "pushed: Basic" in capsys.readouterr().out
    assert main(["sync", str(b), "--remote", remote]) == 1
    captured = capsys.readouterr()
    assert "conflict: Basic:" in captured.out and "Basic" in captured.err
    assert _front(b) == "{{Front}} from b"  # the local text is kept
    assert main(["sync", str(b), "--remote", remote, "--take", "theirs"]) == 0
    assert _front(b) == "{{Front}} from a"
    assert PASSPHRASE not in capsys.readouterr().out


def test_sync_through_the_s3_server(two_files, s3_remote, monkeypatch, capsys):
    a, b = two_files
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    url = f"s3://{s3_remote.bucket}/{s3_remote.prefix}"
    endpoint = ["--s3-endpoint", s3_remote.endpoint]
    assert main(["sync", str(a), "--remote", url, *endpoint]) == 0
    assert main(["sync", str(b), "--remote", url, *endpoint]) == 0
    _front(a, "{{Front}} over s3")
    assert main(["sync", str(a), "--remote", url, *endpoint]) == 0
    assert main(["sync", str(b), "--remote", url, *endpoint]) == 0
    assert "pulled: Basic" in capsys.readouterr().out
    assert _front(b) == "{{Front}} over s3"


def test_usage_errors_exit_2(two_files, tmp_path, monkeypatch, capsys):
    a, _b = two_files
    remote = (tmp_path / "remote").as_uri()
    assert main(["sync", str(a), "--remote", "ftp://x/y"]) == 2
    assert main(["sync", str(tmp_path / "missing.anki2"), "--remote", remote]) == 2
    assert main(["sync", str(a), "--remote", remote]) == 0
    monkeypatch.setenv("ATD_PASSPHRASE", "wrong passphrase")
    assert main(["sync", str(a), "--remote", remote]) == 2
    monkeypatch.delenv("ATD_PASSPHRASE")
    assert main(["sync", str(a), "--remote", remote]) == 2
    assert "ATD_PASSPHRASE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["sync", str(a), "--remote", remote, "--take", "both"])
    assert exit_.value.code == 2


def test_a_mass_delete_exits_1_until_allowed(two_files, tmp_path, capsys):
    a, b = two_files
    remote = (tmp_path / "remote").as_uri()
    assert main(["sync", str(a), "--remote", remote]) == 0
    col = Collection(str(a))
    for entry in col.models.all_names_and_ids():
        if entry.name != "Basic":
            col.models.remove(entry.id)
    col.close()
    capsys.readouterr()
    assert main(["sync", str(a), "--remote", remote]) == 1
    assert "would delete" in capsys.readouterr().err
    assert main(["sync", str(b), "--remote", remote]) == 0  # the remote still has them all
    col = Collection(str(b))
    assert len(col.models.all_names_and_ids()) > 1
    col.close()
    assert main(["sync", str(a), "--remote", remote, "--allow-mass-delete"]) == 0
    assert "deleted on the remote: Cloze" in capsys.readouterr().out
