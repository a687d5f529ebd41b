"""The History panel's remote methods in a real registry: the remote is kept (the
password in the secret store, never sent back), a pull writes another profile's edit into
the collection as one undo step, and a conflict moves nothing until it is chosen."""

import copy

import pytest

from anki_template_designer.sdk.testing import Bridge
from anki_template_designer.services.history import NoteTypeHistory
from anki_template_designer.services.history.remotes import sync
from anki_template_designer.services.plugins import PluginManager


@pytest.fixture
def bridge(registry):
    return Bridge(registry.get(PluginManager).bridge_methods())


def other_profile_pushes(tmp_path, remote, notetype, front):
    """The other machine takes the shared history, edits `notetype` and pushes."""
    other = NoteTypeHistory(tmp_path / "other.git", "Laptop")
    sync(other.store, remote, other._author(), push=False)
    edited = copy.deepcopy(notetype)
    edited["tmpls"][0]["qfmt"] = front
    other.record(edited)
    assert sync(other.store, remote, other._author()).pushed
    other.close()


def pulled_version(col, basic):
    nt = copy.deepcopy(dict(col.models.get(basic["id"])))  # not the models cache's lists
    nt["tmpls"][0]["qfmt"] = "<h1>{{Front}}</h1>"
    return nt


def test_remote_settings_pull_one_undo_step_and_a_conflict(bridge, col, tmp_path):
    remote = str(tmp_path / "shared.git")
    refused = bridge.error("history.setRemote", {"url": "https://me:pw123@example.org/x.git"})
    assert "password box" in refused["message"] and "pw123" not in refused["message"]
    kept = bridge.ok("history.setRemote", {"url": remote, "username": "me", "password": "tok-9"})
    assert kept == {"url": remote, "username": "me", "hasPassword": True}
    assert "tok-9" not in str(bridge.ok("history.remote"))
    assert (
        bridge.ok("history.setRemote", {"url": remote, "forgetPassword": True})["hasPassword"]
        is False
    )

    first = bridge.ok("history.sync", {"push": True})  # this profile shares its history
    assert first["pushed"] == ["refs/heads/main", "refs/heads/upstream"]
    basic = dict(col.models.by_name("Basic"))
    other_profile_pushes(tmp_path, remote, basic, "<h1>{{Front}}</h1>")
    pulled = bridge.ok("history.sync", {"push": False})
    assert pulled["changed"] == [{"id": basic["id"], "name": "Basic"}] and not pulled["conflicts"]
    assert col.models.get(basic["id"])["tmpls"][0]["qfmt"] == "<h1>{{Front}}</h1>"
    assert col.undo_status().undo == "Update note types from the history remote"
    assert col.models.get(basic["id"])["flds"] == basic["flds"]  # ids and fields kept

    # Both sides change the front: nothing moves until the conflict is chosen.
    mine = copy.deepcopy(dict(col.models.get(basic["id"])))
    mine["tmpls"][0]["qfmt"] = "<h2>{{Front}}</h2>"
    col.models.update_dict(mine)
    other_profile_pushes(tmp_path, remote, pulled_version(col, basic), "<h3>{{Front}}</h3>")
    stuck = bridge.ok("history.sync", {"push": True})
    (conflict,) = stuck["conflicts"]
    assert conflict["ours"] == "<h2>{{Front}}</h2>" and conflict["theirs"] == "<h3>{{Front}}</h3>"
    assert (
        not stuck["pushed"]
        and col.models.get(basic["id"])["tmpls"][0]["qfmt"] == mine["tmpls"][0]["qfmt"]
    )
    done = bridge.ok("history.sync", {"push": True, "choices": {conflict["key"]: "theirs"}})
    assert done["pushed"] == ["refs/heads/main"]
    assert col.models.get(basic["id"])["tmpls"][0]["qfmt"] == "<h3>{{Front}}</h3>"


def test_a_sync_without_a_remote_or_with_an_unreachable_one_says_so(bridge):
    assert "choose a remote first" in bridge.error("history.sync", {})["message"]
    bridge.ok("history.setRemote", {"url": "git://127.0.0.1:1/none.git"})
    error = bridge.error("history.sync", {"push": True})
    assert "127.0.0.1:1" in error["message"]
