"""Pushing and pulling the history to real git servers on 127.0.0.1 (`git daemon` and
`git http-backend` with Basic auth, git_servers.py) and to a path: one profile pushes,
another pulls; both edit and the second push is rejected, fetched and merged; overlapping
edits are conflicts that move nothing until chosen; branches and labels travel; the real
`git` reads every repository."""

import copy
import itertools

import pytest
from git_helpers import fsck, git
from git_servers import PASSWORD, USER, bare_repository

from anki_template_designer.services.history import NoteTypeHistory, remotes
from anki_template_designer.services.history import panel_actions as actions
from anki_template_designer.services.history.remotes import Credentials, RemoteError, sync

NAMES = itertools.count()
LOGIN = Credentials(USER, PASSWORD)


@pytest.fixture(params=["git", "http", "path"])
def remote(request, served):
    """A new, empty bare repository on the server (or folder) and its URL."""
    root, daemon, http = served
    name = f"r{next(NAMES)}.git"
    path = bare_repository(root, name)
    url = {"git": daemon.url, "http": http.url, "path": lambda n: str(root / n)}[request.param]
    return url(name), path, LOGIN if request.param == "http" else Credentials()


@pytest.fixture
def two(tmp_path, col):
    """Two profiles' histories (the same note type, as a shared collection has it)."""
    nt = copy.deepcopy(dict(col.models.by_name("Basic (and reversed card)")))
    nt["css"] = ".card {\n  color: black;\n}\n\n.hint {\n  color: gray;\n}\n"
    a = NoteTypeHistory(tmp_path / "a.git", "Laptop")
    b = NoteTypeHistory(tmp_path / "b.git", "Desk")
    a.record(nt)
    yield a, b, nt
    a.close()
    b.close()


def head(repo, ref="main"):
    return git(repo, "rev-parse", ref).stdout


def edited(nt, **changes):
    nt = copy.deepcopy(nt)
    for key, value in changes.items():
        if key == "front":
            nt["tmpls"][0]["qfmt"] = value
        elif key == "back":
            nt["tmpls"][1]["afmt"] = value
        else:
            nt[key] = value
    return nt


def run(history, url, creds, **kw):
    return sync(history.store, url, history._author(), creds, **kw)


def test_one_profile_pushes_another_pulls_and_the_real_git_reads_both(two, remote):
    a, b, nt = two
    url, served_repo, creds = remote
    pushed = run(a, url, creds)
    assert pushed.pushed == ["refs/heads/main", "refs/heads/upstream"]
    assert head(served_repo, "main") == head(a.store.root, "main")
    pulled = run(b, url, creds, push=False)
    assert pulled.changed == [int(nt["id"])] and not pulled.conflicts
    assert b.show("main", int(nt["id"]))["css"] == nt["css"]
    for repo in (served_repo, a.store.root, b.store.root):
        assert fsck(repo).returncode == 0
    assert "refs/remotes/origin/main" in git(b.store.root, "show-ref").stdout


def test_a_rejected_push_is_fetched_merged_and_pushed_with_both_edits(two, remote):
    a, b, nt = two
    url, served_repo, creds = remote
    run(a, url, creds)
    run(b, url, creds, push=False)
    a.record(edited(nt, front="<h1>{{Front}}</h1>"))
    run(a, url, creds)
    b.record(edited(nt, css=nt["css"].replace("gray", "teal")))  # elsewhere: merges clean
    result = run(b, url, creds)
    assert result.pushed and not result.conflicts and result.changed == [int(nt["id"])]
    merged = b.show("main", int(nt["id"]))
    assert merged["tmpls"][0]["qfmt"] == "<h1>{{Front}}</h1>" and "teal" in merged["css"]
    assert len(git(served_repo, "log", "-1", "--format=%P", "main").stdout.split()) == 2
    assert run(a, url, creds).changed == [int(nt["id"])]
    assert a.show("main", int(nt["id"])) == merged
    assert fsck(served_repo).returncode == 0


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_overlapping_edits_move_nothing_until_each_conflict_is_chosen(two, served, side):
    root, daemon, _http = served
    url, served_repo = daemon.url(f"c{next(NAMES)}.git"), None
    served_repo = bare_repository(root, url.rsplit("/", 1)[1])
    a, b, nt = two
    run(a, url, Credentials())
    run(b, url, Credentials(), push=False)
    a.record(edited(nt, front="<b>{{Front}}</b>"))
    run(a, url, Credentials())
    b.record(edited(nt, front="<i>{{Front}}</i>"))
    heads = head(b.store.root, "main"), head(served_repo, "main")
    stuck = run(b, url, Credentials())
    (key,) = stuck.conflict_keys
    assert key.startswith(f"{nt['id']}/cards/Card 1") and key.endswith("/front.html")
    assert not stuck.pushed
    assert stuck.conflicts[0][1].ours == "<i>{{Front}}</i>"
    assert (head(b.store.root, "main"), head(served_repo, "main")) == heads
    done = run(b, url, Credentials(), choices={key: side})
    assert done.pushed and not done.conflicts
    want = "<i>{{Front}}</i>" if side == "ours" else "<b>{{Front}}</b>"
    assert b.show("main", int(nt["id"]))["tmpls"][0]["qfmt"] == want
    assert git(served_repo, "show", f"main:{key}").stdout == want


def test_someone_pushing_between_our_fetch_and_push_is_merged_not_overwritten(
    two, remote, monkeypatch
):
    a, b, nt = two
    url, served_repo, creds = remote
    run(a, url, creds)
    run(b, url, creds, push=False)
    b.record(edited(nt, back="{{FrontSide}}<hr id=answer>{{Back}}!"))
    real_fetch, calls = remotes.fetch, []

    def fetch_then_a_pushes(store, where, login):
        refs = real_fetch(store, where, login)
        calls.append(store)
        if len(calls) == 1:  # a pushes right after b looked at the remote
            a.record(edited(nt, css=nt["css"] + "\n.extra { color: red; }\n"))
            run(a, url, creds)
        return refs

    monkeypatch.setattr(remotes, "fetch", fetch_then_a_pushes)
    result = run(b, url, creds)
    assert [s for s in calls if s is b.store] == [b.store] * 2 and result.pushed
    final = b.show("main", int(nt["id"]))
    assert final["tmpls"][1]["afmt"].endswith("{{Back}}!") and ".extra" in final["css"]
    assert head(served_repo, "main") == head(b.store.root, "main")


def test_branches_and_labels_travel_and_a_diverged_branch_is_kept_apart(two, remote):
    a, b, nt = two
    url, _served, creds = remote
    actions.try_on_branch(a, nt, "dark")
    a.record(edited(nt, css=".card { background: #111; }\n"))
    a.label("main", "before the redesign")
    run(a, url, creds)
    run(b, url, creds, push=False)
    branch = f"refs/heads/try/{nt['id']}/dark"
    assert head(b.store.root, branch) == head(a.store.root, branch)
    assert "before the redesign" in git(b.store.root, "tag", "-n").stdout
    b.store.commit_folders({"x": {"a": b"b"}}, "b moves dark", "Desk <d@x>", ref=branch.encode())
    a.record(edited(nt, css=".card { background: #000; }\n"))
    run(a, url, creds)
    assert run(b, url, creds).kept_apart == [branch]


def test_wrong_credentials_and_an_unreachable_server_say_so_without_the_secret(two, served):
    root, _daemon, http = served
    a, _b, _nt = two
    bare_repository(root, "locked.git")
    before = head(a.store.root, "main")
    with pytest.raises(RemoteError, match="refused the credentials") as refused:
        run(a, http.url("locked.git"), Credentials(USER, "wrong-password-77"))
    assert "wrong-password-77" not in str(refused.value)
    secret_url = f"http://{USER}:{PASSWORD}@127.0.0.1:1/nothing.git"
    with pytest.raises(RemoteError) as unreachable:
        run(a, secret_url, Credentials())
    assert PASSWORD not in str(unreachable.value) and "127.0.0.1:1" in str(unreachable.value)
    assert head(a.store.root, "main") == before


def test_a_new_folder_becomes_the_remote_and_a_folder_of_other_files_is_refused(two, tmp_path):
    a, b, nt = two
    folder = tmp_path / "usb stick" / "designs.git"
    assert run(a, str(folder), Credentials()).pushed
    assert git(folder, "log", "--format=%s", "main").stdout.startswith("Basic (and reversed card)")
    assert run(b, f"file://{folder}", Credentials(), push=False).changed == [int(nt["id"])]
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(RemoteError, match="not a git repository"):
        run(a, str(tmp_path / "photos"), Credentials())
    assert (tmp_path / "photos" / "cat.jpg").read_bytes() == b"\xff\xd8"
