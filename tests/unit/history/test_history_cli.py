"""`atd history log|diff|restore` on a real collection file, read back with the real git."""

import json

from git_helpers import git

from anki_template_designer.cli import main


def test_snapshot_log_diff_and_restore(tmp_path, col, capsys):
    nt = dict(col.models.by_name("Basic"))
    original = nt["tmpls"][0]["qfmt"]
    path, repo = col.path, str(tmp_path / "h.git")
    col.close()
    assert main(["history", "snapshot", path, "--repo", repo]) == 0
    assert "6 of 6 note types changed" in capsys.readouterr().out
    from anki.collection import Collection

    other = Collection(path)
    changed = dict(other.models.get(nt["id"]))
    changed["tmpls"][0]["qfmt"] = "<h1>{{Front}}</h1>"
    other.models.update_dict(changed)
    other.close()
    assert main(["history", "snapshot", path, "--repo", repo]) == 0
    assert "Basic: Card 1 front" in capsys.readouterr().out
    assert main(["history", "log", path, "--repo", repo, "--notetype", "Basic", "--json"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert [c["message"].split("\n")[0] for c in log["commits"]] == [
        "Basic: Card 1 front",
        "Basic: first version",
    ]
    new, old = log["commits"][0]["id"], log["commits"][1]["id"]
    assert main(["history", "diff", "--repo", repo, old[:7], new]) == 0
    ours = capsys.readouterr().out
    theirs = git(repo, "diff", old, new).stdout
    assert "+<h1>{{Front}}</h1>" in ours and "+<h1>{{Front}}</h1>" in theirs
    command = ["history", "restore", path, "--repo", repo, "--commit", old, "--notetype", "Basic"]
    assert main(command) == 0
    assert "Basic: restored from" in capsys.readouterr().out
    restored = Collection(path)
    assert restored.models.get(nt["id"])["tmpls"][0]["qfmt"] == original
    restored.close()
    subject = git(repo, "log", "-1", "--format=%s", "main").stdout.strip()
    assert subject == f"Basic: Card 1 front (restored from {old[:10]})"
    assert main(["history", "diff", "--repo", repo, "nope", new]) == 2
    assert "no commit 'nope'" in capsys.readouterr().err
    assert main(["history", "label", "--repo", repo, old[:8], "before the redesign"]) == 0
    assert main(["history", "label", "--repo", repo, old]) == 0
    assert capsys.readouterr().out.splitlines() == ["before the redesign", "before the redesign"]
    assert "before the redesign" in git(repo, "tag", "-n1").stdout
    assert main(["history", "label", "--repo", repo, old, "before the redesign", "--remove"]) == 0
    assert main(["history", "label", "--repo", repo, old, "before the redesign", "--remove"]) == 1
    assert git(repo, "tag").stdout == ""
