"""Try on a branch, switch, merge back, and keep one's changes on an update: the History
panel's actions on a real collection's note type, with the page's save played by
`history.record` of the saved version (as the designer's save hook does), checked with the
real `git`."""

import copy

import pytest
from git_helpers import fsck, git

from anki_template_designer.services.history import HistoryError, NoteTypeHistory
from anki_template_designer.services.history import panel_actions as actions
from anki_template_designer.services.history.branches import branches


@pytest.fixture
def setup(tmp_path, col):
    history = NoteTypeHistory(tmp_path / "h.git", "User 1")
    nt = copy.deepcopy(dict(col.models.by_name("Basic (and reversed card)")))
    nt["css"] = ".card {\n  color: black;\n}\n\n.hint {\n  color: gray;\n}\n"
    history.record(nt)
    return history, nt, tmp_path / "h.git"


def saved(history, nt, change=None):
    """The user edits in the designer and saves: the save hook records the version."""
    nt = copy.deepcopy(nt)
    if change:
        change(nt)
    history.record(nt)
    return nt


def save_draft(history, draft):
    """The page saves a draft an action answered (the normal save, then the hook)."""
    assert draft is not None
    return saved(history, draft)


def front(nt, text):
    nt["tmpls"][0]["qfmt"] = text


def test_saves_on_a_branch_stay_off_main_until_merged(setup):
    history, nt, repo = setup
    nid = int(nt["id"])
    assert actions.try_on_branch(history, nt, "new colours!") == "new-colours"
    assert [b.name for b in branches(history.store, nid)] == ["main", "new-colours"]
    nt = saved(history, nt, lambda n: n.update(css=n["css"].replace("black", "navy")))
    main_css = git(repo, "show", f"main:{nid}/style.css").stdout
    assert "black" in main_css
    assert "navy" in git(repo, "show", f"try/{nid}/new-colours:{nid}/style.css").stdout
    page, _ = history.log(nid)  # the panel's timeline follows the branch the note type is on
    assert page[0].summary.endswith("styling")
    # switching back to main answers main's version to save; the save commits nothing new
    draft = actions.switch_branch(history, nt, "main")
    assert draft is not None and "black" in draft["css"] and draft["id"] == nt["id"]
    nt = save_draft(history, draft)
    assert history.checkouts.get(nid) == b"refs/heads/main"
    assert git(repo, "rev-list", "--count", "main").stdout.strip() == "1"
    # main moves on elsewhere in the note type; the branch merges in clean
    nt = saved(history, nt, lambda n: front(n, n["tmpls"][0]["qfmt"] + "<br>main edit"))
    answer = actions.merge_branch(history, nt, "new-colours")
    assert not answer.result.conflicts and answer.draft is not None
    assert "navy" in answer.draft["css"] and "main edit" in answer.draft["tmpls"][0]["qfmt"]
    save_draft(history, answer.draft)
    parents = git(repo, "log", "-1", "--format=%P", "main").stdout.split()
    assert len(parents) == 2  # a merge commit, as git shows it
    assert git(repo, "log", "-1", "--format=%s", "main").stdout.startswith(
        "Basic (and reversed card): styling (merged branch new-colours)"
    )
    assert [b.merged for b in branches(history.store, nid)] == [True, True]
    assert fsck(repo).returncode == 0, fsck(repo).stderr


@pytest.mark.parametrize("choice", ["ours", "theirs"])
def test_overlapping_changes_are_conflicts_the_user_decides_either_way(setup, choice):
    history, nt, repo = setup
    nid = int(nt["id"])
    base = copy.deepcopy(nt)
    actions.try_on_branch(history, nt, "try")
    on_branch = saved(history, nt, lambda n: front(n, "<b>{{Front}}</b>"))
    nt = save_draft(history, actions.switch_branch(history, on_branch, "main"))
    nt = saved(history, nt, lambda n: front(n, "<i>{{Front}}</i>"))
    main_before = git(repo, "rev-parse", "main").stdout.strip()
    answer = actions.merge_branch(history, nt, "try")
    assert answer.draft is None
    [conflict] = answer.result.conflicts
    assert conflict.key.endswith("front.html")
    assert (conflict.ours, conflict.theirs) == ("<i>{{Front}}</i>", "<b>{{Front}}</b>")
    assert conflict.base == base["tmpls"][0]["qfmt"]
    assert git(repo, "rev-parse", "main").stdout.strip() == main_before  # nothing moved
    decided = actions.merge_branch(history, nt, "try", {conflict.key: choice})
    assert not decided.result.conflicts
    if choice == "theirs":
        assert decided.draft["tmpls"][0]["qfmt"] == "<b>{{Front}}</b>"
        save_draft(history, decided.draft)
    else:  # the collection holds the result already: merged at once, nothing to save
        assert decided.draft is None
    assert len(git(repo, "log", "-1", "--format=%P", "main").stdout.split()) == 2
    assert history.checkouts.get(nid) == b"refs/heads/main"
    kept = b"<b>" if choice == "theirs" else b"<i>"
    assert any(kept in data for data in history.files_at("main", nid).values())
    assert fsck(repo).returncode == 0


def test_a_switch_to_what_the_collection_holds_needs_no_save(setup):
    history, nt, _repo = setup
    nid = int(nt["id"])
    actions.try_on_branch(history, nt, "idea")
    assert actions.switch_branch(history, nt, "main") is None  # nothing saved on it yet
    assert history.checkouts.get(nid) == b"refs/heads/main"
    assert actions.switch_branch(history, nt, "idea") is None
    assert history.checkouts.get(nid).endswith(b"/idea")


def test_a_late_commit_of_an_earlier_save_does_not_take_the_switch(setup):
    history, nt, _repo = setup
    nid = int(nt["id"])
    actions.try_on_branch(history, nt, "b")
    edited = copy.deepcopy(nt)
    front(edited, "branch text")
    draft = actions.switch_branch(history, edited, "main")  # before the edit was committed
    history.record(edited)  # the earlier save's commit arrives late: on the branch
    assert any(b"branch text" in v for v in history.files_at(f"try/{nid}/b", nid).values())
    assert history.checkouts.get(nid).endswith(b"/b")
    save_draft(history, draft)  # then the switch's save
    assert history.checkouts.get(nid) == b"refs/heads/main"
    assert not any(b"branch text" in v for v in history.files_at("main", nid).values())
    assert any(b"branch text" in v for v in history.files_at(f"try/{nid}/b", nid).values())


def test_branch_names_are_checked_and_unique(setup):
    history, nt, _repo = setup
    with pytest.raises(HistoryError, match="cannot name a branch"):
        actions.try_on_branch(history, nt, "🙂 ...")
    actions.try_on_branch(history, nt, "x")
    with pytest.raises(HistoryError, match="already exists"):
        actions.try_on_branch(history, nt, "x")
    with pytest.raises(HistoryError, match="no branch"):
        actions.switch_branch(history, nt, "nope")
    with pytest.raises(HistoryError, match="choose a branch"):
        actions.merge_branch(history, nt, "main")


def update_arrives(history, nt, change):
    """A shared deck's update replaces the note type; the designer opens and records it."""
    nt = copy.deepcopy(nt)
    change(nt)
    sha = history.record_outside_changes(nt)
    return nt, sha


def test_my_changes_survive_an_update_that_replaced_them(setup):
    history, nt, repo = setup
    nid = int(nt["id"])
    shipped = copy.deepcopy(nt)
    nt = saved(history, nt, lambda n: n.update(css=n["css"] + "\n.mine {\n  color: teal;\n}\n"))

    def update(n):
        n.update(css=shipped["css"].replace("gray", "silver"))
        n["tmpls"][1]["afmt"] += "<div class=new></div>"

    updated, sha = update_arrives(history, nt, update)
    assert ".mine" not in updated["css"]  # the update overwrote the customization
    answer = actions.keep_changes_on_update(history, updated, sha)
    assert not answer.result.conflicts and not answer.nothing_to_keep
    draft = answer.draft
    assert ".mine" in draft["css"] and "silver" in draft["css"]
    assert "<div class=new></div>" in draft["tmpls"][1]["afmt"]
    save_draft(history, draft)
    assert len(git(repo, "log", "-1", "--format=%P", "main").stdout.split()) == 2
    assert "silver" in git(repo, "show", f"upstream:{nid}/style.css").stdout
    assert ".mine" not in git(repo, "show", f"upstream:{nid}/style.css").stdout
    assert fsck(repo).returncode == 0


def test_an_update_overlapping_my_change_asks_and_only_the_newest_merges(setup):
    history, nt, _repo = setup
    shipped = copy.deepcopy(nt)
    nt = saved(history, nt, lambda n: n.update(css=n["css"].replace("black", "navy")))
    updated, sha = update_arrives(
        history, nt, lambda n: n.update(css=shipped["css"].replace("black", "maroon"))
    )
    answer = actions.keep_changes_on_update(history, updated, sha)
    assert answer.draft is None
    [conflict] = answer.result.conflicts
    assert conflict.key == "style.css .card"
    assert "navy" in conflict.ours and "maroon" in conflict.theirs and "black" in conflict.base
    mine = actions.keep_changes_on_update(history, updated, sha, {conflict.key: "ours"})
    assert "navy" in mine.draft["css"] and "maroon" not in mine.draft["css"]
    with pytest.raises(HistoryError, match="not a change made outside"):
        actions.keep_changes_on_update(history, updated, sha[:7] + "~1")
    saved(history, updated, lambda n: front(n, "later edit"))
    with pytest.raises(HistoryError, match="not the newest version"):
        actions.keep_changes_on_update(history, updated, sha)
