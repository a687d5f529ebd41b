"""The history default plugin in a real registry: a save is committed off the caller's
thread, an outside change on open is its own commit, and the bridge methods answer."""

import threading
import time

import pytest
from git_helpers import git

from anki_template_designer.sdk.bridge import BridgeError
from anki_template_designer.sdk.hosts import PreviewDisplay
from anki_template_designer.services.plugins import PluginManager


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def subjects(repo):
    result = git(repo, "log", "--format=%s", "main", check=False)
    return result.stdout.splitlines() if result.returncode == 0 else []


def test_saves_and_outside_changes_become_commits_and_the_methods_answer(registry, col):
    repo = col.path.rsplit("/", 1)[0] + "/atd-history.git"
    plugins = registry.get(PluginManager)
    methods = {m.name: m.handler for m in plugins.bridge_methods()}
    assert {"history.log", "history.diff", "history.show", "history.restore"} <= set(methods)
    nt = dict(col.models.by_name("Basic"))
    methods["designer.open"]({"notetypeId": nt["id"]})  # as the page opens one
    wait_for(lambda: subjects(repo) == ["Basic: first version (changed outside the designer)"])
    nt["tmpls"][0]["afmt"] += "<p>saved</p>"
    col.models.update_dict(nt)
    caller = threading.get_ident()
    plugins.notify(
        "atd_notetype_saved", notetype_id=nt["id"], notetype=dict(col.models.get(nt["id"]))
    )
    assert threading.get_ident() == caller
    wait_for(lambda: subjects(repo)[:1] == ["Basic: Card 1 back"])
    log = methods["history.log"]({"notetypeId": nt["id"]})
    assert log["commits"][0]["summary"] == "Basic: Card 1 back"
    new, old = log["commits"][0]["id"], log["commits"][1]["id"]
    files = methods["history.diff"]({"notetypeId": nt["id"], "old": old, "new": new})["files"]
    assert [f["status"] for f in files] == ["changed"] and "<p>saved</p>" in files[0]["new"]
    draft = methods["history.restore"]({"notetypeId": nt["id"], "commit": old})["draft"]
    assert "<p>saved</p>" not in draft["tmpls"][0]["afmt"] and draft["id"] == nt["id"]
    with pytest.raises(BridgeError, match="no commit 'ffff'"):
        methods["history.show"]({"notetypeId": nt["id"], "commit": "ffff"})
    assert methods["history.label"]({"commit": old, "label": "before the redesign"}) == {
        "label": "before the redesign"
    }
    log = methods["history.log"]({"notetypeId": nt["id"]})
    assert [c["labels"] for c in log["commits"]] == [[], ["before the redesign"]]
    gone = methods["history.label"]({"commit": old, "label": "before the redesign", "remove": True})
    assert gone == {"removed": True}
    with pytest.raises(BridgeError, match="needs some text"):
        methods["history.label"]({"commit": old, "label": "   "})
    # A past version rendered read-only by Anki's renderer: the old back, not the saved one.
    back = {"notetypeId": nt["id"], "commit": old, "side": "answer"}
    shown = registry.get(PreviewDisplay).previews  # the preview pane, never this page
    past = methods["history.preview"](back)
    now = methods["history.preview"]({**back, "commit": new})
    assert "html" not in past and past["problem"] is False and past["seq"] < now["seq"]
    (past_card, _), (now_card, _) = shown[-2:]
    assert "<p>saved</p>" not in past_card.html and "<p>saved</p>" in now_card.html
    assert "card" in past_card.body_class
    assert "<p>saved</p>" in col.models.get(nt["id"])["tmpls"][0]["afmt"]  # nothing saved
    with pytest.raises(BridgeError, match="no commit"):
        methods["history.preview"]({"notetypeId": nt["id"], "commit": "ffff"})


def test_branch_switch_and_merge_back_through_the_bridge_methods(registry, col):
    """The page's path: each answered draft is saved like any save, and that save is
    committed where the action said (on the branch, on main, as a merge commit)."""
    repo = col.path.rsplit("/", 1)[0] + "/atd-history.git"
    plugins = registry.get(PluginManager)
    methods = {m.name: m.handler for m in plugins.bridge_methods()}
    nid = col.models.by_name("Basic")["id"]

    def commits():
        return len(git(repo, "rev-list", "--all").stdout.split())

    def save(draft, done=None):
        col.models.update_dict(draft)
        before = commits()
        plugins.notify("atd_notetype_saved", notetype_id=nid, notetype=dict(col.models.get(nid)))
        wait_for(done or (lambda: commits() > before))

    def edit(key, text):
        nt = dict(col.models.get(nid))
        nt["tmpls"][0][key] += text
        save(nt)

    methods["designer.open"]({"notetypeId": nid})
    wait_for(lambda: len(subjects(repo)) == 1)
    assert methods["history.branch"]({"notetypeId": nid, "name": "big font"}) == {
        "branch": "big-font"
    }
    edit("afmt", "<b>on the branch</b>")
    log = methods["history.log"]({"notetypeId": nid})
    assert log["branch"] == "big-font" and log["commits"][0]["reason"] == "save"
    assert log["branches"] == [
        {"name": "main", "merged": True},
        {"name": "big-font", "merged": False},
    ]
    assert len(subjects(repo)) == 1  # main did not move
    draft = methods["history.switch"]({"notetypeId": nid, "branch": "main"})["draft"]
    assert "on the branch" not in draft["tmpls"][0]["afmt"]
    # main's head holds that version already: the save moves the note type, no commit
    save(draft, lambda: methods["history.log"]({"notetypeId": nid})["branch"] == "main")
    edit("qfmt", "<i>on main</i>")
    answer = methods["history.mergeBranch"]({"notetypeId": nid, "branch": "big-font"})
    assert answer["conflicts"] == [] and answer["nothingToKeep"] is False
    merged = answer["draft"]["tmpls"][0]
    assert "on main" in merged["qfmt"] and "on the branch" in merged["afmt"]
    save(answer["draft"])
    head = git(repo, "log", "-1", "--format=%P%n%s", "main").stdout.splitlines()
    assert len(head[0].split()) == 2 and "big-font" in head[1]
    log = methods["history.log"]({"notetypeId": nid})
    assert log["branches"][1] == {"name": "big-font", "merged": True}
    assert log["commits"][0]["reason"] == "branch-merge"
    with pytest.raises(BridgeError, match="no branch"):
        methods["history.switch"]({"notetypeId": nid, "branch": "nope"})
    with pytest.raises(BridgeError, match="no note type"):
        methods["history.branch"]({"notetypeId": 1, "name": "x"})
