"""`atd history push|pull` between two profiles' collection files (one a copy of the
other, as a synced collection is) through a real `git http-backend` server with Basic auth
from the environment: the pulled edit lands in the other collection; a conflict exits 1
naming it with nothing changed, and `--take` decides it."""

import shutil

from anki.collection import Collection
from git_servers import PASSWORD, USER, bare_repository

from anki_template_designer.cli import main


def edit(path, name, front):
    col = Collection(str(path))
    try:
        nt = dict(col.models.by_name(name))
        nt["tmpls"][0]["qfmt"] = front
        col.models.update_dict(nt)
    finally:
        col.close()


def front_of(path, name):
    col = Collection(str(path))
    try:
        return col.models.by_name(name)["tmpls"][0]["qfmt"]
    finally:
        col.close()


def test_push_from_one_profile_pull_into_another_and_a_conflict(
    tmp_path, col, served, capsys, monkeypatch
):
    root, _daemon, http = served
    bare_repository(root, "cli.git")
    url = http.url("cli.git")
    monkeypatch.setenv("ATD_GIT_USERNAME", USER)
    monkeypatch.setenv("ATD_GIT_PASSWORD", PASSWORD)
    path_a = col.path
    col.close()
    (tmp_path / "Desk").mkdir()
    path_b = tmp_path / "Desk" / "collection.anki2"
    shutil.copy(path_a, path_b)
    repo_a, repo_b = str(tmp_path / "a.git"), str(tmp_path / "b.git")

    assert main(["history", "push", path_a, "--repo", repo_a, "--remote", url]) == 0
    assert "pushed: refs/heads/main" in capsys.readouterr().out
    assert main(["history", "pull", str(path_b), "--repo", repo_b, "--remote", url]) == 0
    edit(path_a, "Basic", "<h1>{{Front}}</h1>")
    assert main(["history", "push", path_a, "--repo", repo_a, "--remote", url]) == 0
    assert main(["history", "pull", str(path_b), "--repo", repo_b, "--remote", url]) == 0
    assert "Basic: updated from the remote" in capsys.readouterr().out
    assert front_of(path_b, "Basic") == "<h1>{{Front}}</h1>"

    edit(path_a, "Basic", "<h2>{{Front}}</h2>")
    assert main(["history", "push", path_a, "--repo", repo_a, "--remote", url]) == 0
    edit(path_b, "Basic", "<h3>{{Front}}</h3>")
    capsys.readouterr()
    assert main(["history", "push", str(path_b), "--repo", repo_b, "--remote", url]) == 1
    out, err = capsys.readouterr()
    assert "conflict: " in out and "front.html" in out and "nothing changed" in err
    assert PASSWORD not in out + err
    assert front_of(path_b, "Basic") == "<h3>{{Front}}</h3>"  # the local text is kept
    command = ["history", "push", str(path_b), "--repo", repo_b, "--remote", url]
    assert main([*command, "--take", "theirs"]) == 0
    assert front_of(path_b, "Basic") == "<h2>{{Front}}</h2>"
    assert main(["history", "pull", path_a, "--repo", repo_a, "--remote", url]) == 0
    assert front_of(path_a, "Basic") == "<h2>{{Front}}</h2>"
