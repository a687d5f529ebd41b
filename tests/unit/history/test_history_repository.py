"""services/history on a real collection's note types, checked with the real `git`."""

import json

import pytest
from git_helpers import fsck, git

from anki_template_designer.services.history import HistoryError, NoteTypeHistory


def basic_reversed(col):
    return dict(col.models.by_name("Basic (and reversed card)"))


def test_saves_are_commits_that_say_what_changed_and_which_profile(tmp_path, col):
    repo = tmp_path / "history.git"
    history = NoteTypeHistory(repo, "User 1")
    nt = basic_reversed(col)
    first = history.record(nt)
    assert history.record(nt) is None  # unchanged: no empty commit
    nt["tmpls"][1]["afmt"] += "<hr id=x>"
    nt["css"] += "\n.x { color: red; }\n"
    second = history.record(nt)
    assert git(repo, "log", "--format=%s", "main").stdout.splitlines() == [
        "Basic (and reversed card): Card 2 back, styling",
        "Basic (and reversed card): first version",
    ]
    body = git(repo, "log", "-1", "--format=%b%an", "main").stdout
    assert "Profile: User 1" in body and f"Note-type-id: {nt['id']}" in body
    assert fsck(repo).returncode == 0, fsck(repo).stderr
    diff = git(repo, "diff", first, second, "--stat").stdout
    assert "Card 2~1/back.html" in diff and "style.css" in diff and "front.html" not in diff
    assert git(repo, "show", f"{second}:{nt['id']}/style.css").stdout == nt["css"]


def test_log_is_per_note_type_and_paged(tmp_path, col):
    history = NoteTypeHistory(tmp_path / "h.git", "p")
    basic, cloze = dict(col.models.by_name("Basic")), dict(col.models.by_name("Cloze"))
    for index in range(7):
        basic["qfmt"] = basic["tmpls"][0]["qfmt"] = f"{{{{Front}}}} {index}"
        history.record(basic)
        cloze["css"] += f"\n/* {index} */"
        history.record(cloze)
    page, more = history.log(int(basic["id"]), offset=0, limit=3)
    assert more and len(page) == 3
    assert all(c.summary.startswith("Basic:") for c in page)
    rest, more = history.log(int(basic["id"]), offset=3, limit=10)
    assert not more and len(rest) == 4 and {c.id for c in page}.isdisjoint(c.id for c in rest)
    assert rest[-1].summary == "Basic: first version"
    every, _ = history.log(None, limit=100)
    assert len(every) == 14
    with pytest.raises(HistoryError, match="1 to 500"):
        history.log(None, limit=0)


def test_diff_show_and_restore_a_past_version(tmp_path, col):
    history = NoteTypeHistory(tmp_path / "h.git", "p")
    nt = basic_reversed(col)
    original = json.loads(json.dumps(nt))
    first = history.record(nt)
    nt["tmpls"][0]["qfmt"] = "<div class=big>{{Front}}</div>"
    second = history.record(nt)
    diffs = history.diff(first, second, int(nt["id"]))
    assert [d.path.split("/", 1)[1] for d in diffs] == ["cards/Card 1~1/front.html"]
    assert diffs[0].status == "changed" and "+<div class=big>{{Front}}</div>" in diffs[0].unified
    past = history.show(first[:8], int(nt["id"]))
    assert past["tmpls"][0]["qfmt"] == original["tmpls"][0]["qfmt"]
    restored = history.restore("main~1", int(nt["id"]), nt)
    assert restored["tmpls"] == original["tmpls"] and restored["css"] == original["css"]
    assert restored["id"] == nt["id"]
    with pytest.raises(HistoryError, match="no commit 'nope'"):
        history.show("nope", int(nt["id"]))
    with pytest.raises(HistoryError, match="shorter"):
        history.diff("main~5", "main")
    with pytest.raises(HistoryError, match="not in commit"):
        history.show(first, 12345)


@pytest.mark.parametrize(
    "name", ["Vocab/Kanji: 1", "..", "Émoji 🎴 deck", "CON", "a\\b", "Basic.v2", "x" * 300]
)
def test_hostile_names_round_trip_through_git(tmp_path, col, name):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "Prófile/🦊")
    nt = basic_reversed(col)
    nt["name"] = name
    nt["tmpls"][0]["name"] = name  # card type folders too
    nt["tmpls"][1]["name"] = name.upper() if name.upper() != name else name + "!"
    sha = history.record(nt)
    assert fsck(repo).returncode == 0
    assert history.show(sha, int(nt["id"]))["tmpls"][0]["name"] == name
    assert git(repo, "log", "-1", "--format=%s").stdout.startswith(name[:50])
    assert "Profile: Prófile/🦊" in git(repo, "log", "-1", "--format=%b").stdout


def test_case_clash_names_keep_separate_folders(tmp_path, col):
    history = NoteTypeHistory(tmp_path / "h.git", "p")
    one = basic_reversed(col)
    two = dict(col.models.by_name("Basic"))
    one["name"], two["name"] = "Vocab", "VOCAB"
    history.record(one)
    history.record(two)
    assert history.show("main", int(one["id"]))["name"] == "Vocab"
    assert history.show("main", int(two["id"]))["name"] == "VOCAB"


def test_a_deleted_repository_starts_again(tmp_path, col):
    repo = tmp_path / "h.git"
    NoteTypeHistory(repo, "p").record(basic_reversed(col))
    import shutil

    shutil.rmtree(repo)
    history = NoteTypeHistory(repo, "p")
    assert history.rebuilt is None  # nothing there: a new repository, nothing to report
    assert history.record(basic_reversed(col))
    assert fsck(repo).returncode == 0


@pytest.mark.parametrize("damage", ["head-object", "refs-garbage", "not-a-repo"])
def test_a_corrupt_repository_is_reported_moved_aside_and_rebuilt(tmp_path, col, damage):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "p")
    sha = history.record(basic_reversed(col))
    history.close()
    if damage == "head-object":
        (repo / "objects" / sha[:2] / sha[2:]).chmod(0o644)
        (repo / "objects" / sha[:2] / sha[2:]).write_bytes(b"\x00garbage")
    elif damage == "refs-garbage":
        (repo / "refs" / "heads" / "main").write_text("f" * 40 + "\n")
    else:
        for child in repo.iterdir():
            if child.name == "HEAD":
                child.unlink()
    again = NoteTypeHistory(repo, "p")
    assert (
        again.rebuilt and "moved to h.git.broken-" in again.rebuilt and str(repo) in again.rebuilt
    )
    assert again.record(basic_reversed(col))
    assert fsck(repo).returncode == 0
    assert list(tmp_path.glob("h.git.broken-*"))  # the old one is kept, not deleted


def test_changes_made_outside_the_designer_are_their_own_commit(tmp_path, col):
    history = NoteTypeHistory(tmp_path / "h.git", "p")
    nt = basic_reversed(col)
    history.record(nt)
    nt["tmpls"][1]["qfmt"] += " edited in Card Types"
    col.models.update_dict(nt)
    assert history.record_outside_changes(dict(col.models.get(nt["id"])))
    assert history.record_outside_changes(dict(col.models.get(nt["id"]))) is None
    summary = history.log(int(nt["id"]), limit=1)[0][0].summary
    assert summary == "Basic (and reversed card): Card 2 front (changed outside the designer)"


def test_two_profiles_writing_one_repository_lose_no_commit(tmp_path, col):
    repo = tmp_path / "h.git"
    one, two = NoteTypeHistory(repo, "one"), NoteTypeHistory(repo, "two")
    a, b = basic_reversed(col), dict(col.models.by_name("Basic"))
    for index in range(5):
        a["css"] += f"/*{index}*/"
        b["css"] += f"/*{index}*/"
        one.record(a)
        two.record(b)
    assert len(git(repo, "log", "--format=%H", "main").stdout.split()) == 10
    assert history_authors(repo) == {"one", "two"}


def history_authors(repo):
    return set(git(repo, "log", "--format=%an", "main").stdout.split())


def test_a_very_large_template_is_committed_diffed_and_read_back(tmp_path, col):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "p")
    nt = basic_reversed(col)
    nt["tmpls"][0]["qfmt"] = "".join(
        f"<div class=r{i}>{{{{Front}}}}</div>\n" for i in range(60_000)
    )
    first = history.record(nt)
    nt["tmpls"][0]["qfmt"] = nt["tmpls"][0]["qfmt"].replace("r30000>", "changed>")
    second = history.record(nt)
    (diff,) = history.diff(first, second, int(nt["id"]))
    assert diff.unified.count("\n+<div") == 1 and len(diff.new) > 2_000_000
    assert history.show(second, int(nt["id"]))["tmpls"][0]["qfmt"] == nt["tmpls"][0]["qfmt"]
    assert fsck(repo).returncode == 0
