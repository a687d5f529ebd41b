"""`atd backup init|create|list` on a real collection file and a real folder."""

import json
import re
import stat

from anki_template_designer.cli import main


def closed_collection(col):
    path = col.path
    col.close()
    return path


def first_snapshot(tmp_path, path, capsys):
    """A new repository in tmp_path with one snapshot of `path`: (its arguments, the id)."""
    args = ["--repo", str(tmp_path / "repo"), "--device-key", str(tmp_path / "device.key")]
    assert main(["backup", "init", *args]) == 0
    assert main(["backup", "create", path, *args]) == 0
    return args, re.search(r"snapshot (\S+):", capsys.readouterr().out).group(1)


def test_init_create_list_and_an_incremental_second_snapshot(tmp_path, col, capsys, monkeypatch):
    monkeypatch.delenv("ATD_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("ATD_PASSPHRASE", raising=False)
    path = closed_collection(col)
    repo, key = str(tmp_path / "repo"), str(tmp_path / "device.key")
    assert main(["backup", "init", "--repo", repo, "--device-key", key]) == 0
    out = capsys.readouterr().out
    assert "recovery code (write it down; it is shown only now): " in out
    assert stat.S_IMODE((tmp_path / "device.key").stat().st_mode) == 0o600
    assert main(["backup", "create", path, "--repo", repo, "--device-key", key]) == 0
    first = re.search(
        r"(\d+) files, (\d+) new objects \((\d+) already stored\)", capsys.readouterr().out
    )
    files, new, reused = map(int, first.groups())
    assert new + reused == files and 0 < new < files  # note types share identical files
    assert (
        main(
            ["backup", "create", path, "--repo", repo, "--device-key", key, "--reason", "scheduled"]
        )
        == 0
    )
    assert ", 0 new objects (" in capsys.readouterr().out  # nothing changed: nothing written
    assert main(["backup", "list", "--repo", repo, "--device-key", key, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == ["manual", "scheduled"]
    assert rows[0]["files"] == rows[1]["files"] > 0


def test_clear_errors_for_a_non_repository_a_used_folder_and_a_wrong_passphrase(
    tmp_path, col, capsys, monkeypatch
):
    monkeypatch.delenv("ATD_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("ATD_PASSPHRASE", raising=False)
    key = str(tmp_path / "device.key")
    assert main(["backup", "list", "--repo", str(tmp_path / "none"), "--device-key", key]) == 2
    assert "not a backup repository (no keys.json)" in capsys.readouterr().err
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    assert main(["backup", "init", "--repo", str(tmp_path / "used"), "--device-key", key]) == 2
    assert "needs an empty or new folder" in capsys.readouterr().err
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine"
    repo = str(tmp_path / "repo")
    assert main(["backup", "init", "--repo", repo, "--device-key", key]) == 0
    capsys.readouterr()
    monkeypatch.setenv("ATD_BACKUP_PASSPHRASE", "not the passphrase")
    assert main(["backup", "list", "--repo", repo, "--device-key", key]) == 2
    err = capsys.readouterr().err
    assert "has no passphrase set" in err and "not the passphrase" not in err


def test_verify_names_a_damaged_object_and_restore_brings_a_note_type_back(
    tmp_path, col, capsys, monkeypatch
):
    monkeypatch.delenv("ATD_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("ATD_PASSPHRASE", raising=False)
    original = col.models.by_name("Basic")["tmpls"][0]["qfmt"]
    path = closed_collection(col)
    repo = tmp_path / "repo"
    args, snapshot_id = first_snapshot(tmp_path, path, capsys)
    assert main(["backup", "verify", *args, "--read-data"]) == 0
    assert capsys.readouterr().out.strip().endswith("read and checked: ok")

    # The user breaks Basic's front in the collection; restore brings it back.
    from anki.collection import Collection

    changed = Collection(path)
    basic = changed.models.by_name("Basic")
    basic["tmpls"][0]["qfmt"] = "broken {{Front}}"
    changed.models.update_dict(basic)
    changed.close()
    assert (
        main(["backup", "restore", path, *args, "--snapshot", snapshot_id, "--notetype", "Basic"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Basic: updated" in out and "(before-restore)" in out
    restored = Collection(path)
    try:
        assert restored.models.by_name("Basic")["tmpls"][0]["qfmt"] == original
    finally:
        restored.close()
    assert main(["backup", "list", *args, "--json"]) == 0
    assert [r["reason"] for r in json.loads(capsys.readouterr().out)] == [
        "manual",
        "before-restore",
    ]

    # One flipped bit in the pack: verify --read-data names the objects and snapshots.
    victim = next(p for p in (repo / "packs").rglob("*") if p.is_file())
    data = bytearray(victim.read_bytes())
    data[-3] ^= 0x04
    victim.write_bytes(bytes(data))
    assert main(["backup", "verify", *args]) == 0  # present: only --read-data opens them
    capsys.readouterr()
    assert main(["backup", "verify", *args, "--read-data"]) == 1
    out = capsys.readouterr().out
    assert "does not match its authentication tag" in out
    assert "; in snapshots " in out and out.strip().endswith("DAMAGED")
    victim.unlink()
    assert main(["backup", "verify", *args]) == 1
    assert f"missing (its pack packs/{victim.name[:2]}/{victim.name} is gone)" in (
        capsys.readouterr().out
    )
    assert main(["backup", "restore", path, *args, "--snapshot", "nope"]) == 2
    assert "no snapshot 'nope'" in capsys.readouterr().err


def test_diff_prune_audit_and_the_passphrase_from_a_file_or_the_environment(
    tmp_path, col, capsys, monkeypatch
):
    for variable in ("ATD_PASSPHRASE", "ATD_BACKUP_PASSPHRASE"):
        monkeypatch.delenv(variable, raising=False)
    path = closed_collection(col)
    repo, key = str(tmp_path / "repo"), str(tmp_path / "device.key")
    args = ["--repo", repo, "--device-key", key]
    assert main(["backup", "init", *args]) == 0
    assert main(["backup", "create", path, *args]) == 0
    assert main(["backup", "diff", path, *args]) == 0
    assert capsys.readouterr().out.strip().endswith(": the same")

    from anki.collection import Collection

    changed = Collection(path)
    basic = changed.models.by_name("Basic")
    basic["css"] += "\n.card { color: teal }"
    changed.models.update_dict(basic)
    changed.close()
    assert main(["backup", "diff", path, *args]) == 0
    out = capsys.readouterr().out
    assert "changed  Basic" in out and "~ style.css" in out and "1 note types differ" in out

    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery\n")
    assert main(["backup", "set-passphrase", *args, "--new-passphrase-file", str(secret)]) == 0
    assert main(["backup", "list", *args]) == 2  # the machine's key no longer opens it
    assert "has no device set" in capsys.readouterr().err
    with_file = [*args, "--passphrase-file", str(secret)]
    assert main(["backup", "create", path, *with_file]) == 0
    monkeypatch.setenv("ATD_PASSPHRASE", "correct horse battery")
    assert main(["backup", "create", path, *args, "--reason", "scheduled"]) == 0
    monkeypatch.delenv("ATD_PASSPHRASE")
    monkeypatch.setenv("ATD_BACKUP_PASSPHRASE", "correct horse battery")  # the old name
    assert (
        main(
            [
                "backup",
                "prune",
                *args,
                "--keep-last",
                "1",
                "--keep-daily",
                "0",
                "--keep-weekly",
                "0",
                "--keep-monthly",
                "0",
                "--dry-run",
            ]
        )
        == 0
    )
    assert "dry run: 2 snapshots would be forgotten" in capsys.readouterr().out
    assert (
        main(
            [
                "backup",
                "prune",
                *args,
                "--keep-last",
                "1",
                "--keep-daily",
                "0",
                "--keep-weekly",
                "0",
                "--keep-monthly",
                "0",
            ]
        )
        == 0
    )
    assert "2 snapshots forgotten" in capsys.readouterr().out
    assert (
        main(
            [
                "backup",
                "prune",
                *args,
                "--keep-last",
                "0",
                "--keep-daily",
                "0",
                "--keep-weekly",
                "0",
                "--keep-monthly",
                "0",
            ]
        )
        == 2
    )
    assert "would delete every backup" in capsys.readouterr().err

    assert main(["audit", "verify", *args]) == 0
    assert capsys.readouterr().out.strip() == "5 audit entries: ok"
    exported = tmp_path / "audit.jsonl"
    assert main(["audit", "export", *args, "--out", str(exported)]) == 0
    rows = [json.loads(line) for line in exported.read_text().splitlines()]
    assert [r["action"] for r in rows] == ["backup", "set passphrase", "backup", "backup", "prune"]
    log = tmp_path / "repo" / "audit.jsonl"
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:-1]))
    assert main(["audit", "verify", *args]) == 1
    assert "truncated" in capsys.readouterr().out

    monkeypatch.setenv("ATD_BACKUP_PASSPHRASE", "not the passphrase")
    assert main(["backup", "list", *args]) == 2
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and "not the passphrase" not in err
    assert main(["backup", "list", *args, "--passphrase-file", str(tmp_path / "none")]) == 2
    assert "cannot read the passphrase" in capsys.readouterr().err


def test_one_card_type_is_restored_and_the_rest_of_the_note_type_stays(
    tmp_path, col, capsys, monkeypatch
):
    monkeypatch.delenv("ATD_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("ATD_PASSPHRASE", raising=False)
    reversed_ = col.models.by_name("Basic (and reversed card)")
    card1, card2 = (t["qfmt"] for t in reversed_["tmpls"])
    path = closed_collection(col)
    args, snapshot_id = first_snapshot(tmp_path, path, capsys)

    from anki.collection import Collection

    # Since the snapshot: both card types edited, Card 2 renamed, the styling changed.
    changed = Collection(path)
    notetype = changed.models.by_name("Basic (and reversed card)")
    notetype["tmpls"][0]["qfmt"] = "kept {{Front}}"
    notetype["tmpls"][1]["qfmt"] = "broken {{Back}}"
    notetype["tmpls"][1]["name"] = "Reverse"
    notetype["css"] += "\n.kept { color: teal; }"
    changed.models.update_dict(notetype)
    changed.close()
    restore = ["backup", "restore", path, *args, "--snapshot", snapshot_id]
    note = ["--notetype", "Basic (and reversed card)"]
    assert main([*restore, *note, "--card-type", "Card 2"]) == 0
    assert "Basic (and reversed card): updated" in capsys.readouterr().out
    after = Collection(path)
    try:
        notetype = after.models.by_name("Basic (and reversed card)")
        assert [t["qfmt"] for t in notetype["tmpls"]] == ["kept {{Front}}", card2]
        assert notetype["tmpls"][1]["name"] == "Card 2"  # found by its id, renamed back
        assert notetype["css"].endswith(".kept { color: teal; }")
        assert card1 != "kept {{Front}}"
    finally:
        after.close()
    assert main([*restore, *note, "--card-type", "Card 9"]) == 2
    assert "has no card type 'Card 9'" in capsys.readouterr().err
    assert main([*restore, "--card-type", "Card 2"]) == 2
    assert "--card-type needs --notetype" in capsys.readouterr().err
