"""The Sync panel in a real Anki: sync is turned on from the panel (a folder remote and a
passphrase typed in), Sync now uploads; a second machine (a second real collection in
this process, syncing through the same folder with the engine, as `atd sync` does) edits
the same template while this profile does too; Sync now reports the conflict, the panel
lists it, "Keep mine" resolves it, and the second machine then receives this profile's
text. Nothing either side wrote is lost on the way. (Two Anki profiles in one process are
not possible; the second machine is the engine on a copy of this profile's collection,
as Anki's own sync leaves two machines: the same note type ids. Screenshots:
test-artifacts/sync-panel*.png.)"""

import copy
import json
import shutil
import sys

from anki.collection import Collection
from conftest import ADDON_FOLDER

from anki_harness import pump, wait_until
from designer_driver import click, close, js, open_from_menu, skip_tour

NAME = "Sync demo"
PASSPHRASE = "sync-panel passphrase 42"


def text(dialog, selector):
    return js(dialog, f"document.querySelector({json.dumps(selector)})?.textContent ?? null")


def set_value(dialog, selector, value):
    js(dialog, f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)}; 0")


def state(dialog):
    return js(dialog, "document.querySelector('#sync-state')?.dataset.state ?? null")


def copy_collection(mw, folder):
    """This profile's collection as another machine has it after Anki's own sync."""
    mw.col.close_for_full_sync()
    try:
        folder.mkdir(parents=True)
        shutil.copy(mw.col.path, folder / "collection.anki2")
    finally:
        mw.col.reopen(after_full_sync=True)


def other_machine(folder, remote_url):
    engine_module = sys.modules[f"{ADDON_FOLDER}.services.sync.engine"]
    remotes = sys.modules[f"{ADDON_FOLDER}.services.sync.remotes"]
    col = Collection(str(folder / "collection.anki2"))
    engine = engine_module.SyncEngine(
        col, remotes.open_remote(remote_url, {}, None), PASSPHRASE, folder / "sync-state.json", "b"
    )
    return col, engine


def edit_front(col, name, front):
    notetype = copy.deepcopy(col.models.by_name(name))
    notetype["tmpls"][0]["qfmt"] = front
    col.models.update_dict(notetype)


def test_sync_turned_on_in_the_panel_and_a_conflict_kept_mine(mw, tmp_path, artifacts):
    col = mw.col
    if col.models.by_name(NAME) is None:
        notetype = col.models.copy(col.models.by_name("Basic"), add=False)
        notetype["name"] = NAME
        notetype["tmpls"][0]["qfmt"] = "<h1>{{Front}}</h1>\n<p>shared line</p>"
        col.models.add_dict(notetype)
    copy_collection(mw, tmp_path / "b")
    remote = f"file://{tmp_path / 'remote'}"
    dialog = open_from_menu(mw)
    try:
        skip_tour(dialog)
        wait_until(lambda: text(dialog, "#sync-open") == "Sync: off", 10, "the sync button")
        click(dialog, "#sync-open")
        wait_until(lambda: js(dialog, "!!document.querySelector('#sync-remote')"), 10, "the panel")
        set_value(dialog, "#sync-remote", remote)
        set_value(dialog, "#sync-passphrase", PASSPHRASE)
        click(dialog, "#sync-save")
        wait_until(lambda: js(dialog, "!!document.querySelector('#sync-now')"), 10, "sync on")
        assert PASSPHRASE not in js(dialog, "document.body.innerHTML")  # never sent back
        click(dialog, "#sync-now")
        wait_until(
            lambda: text(dialog, "#sync-recovery-code"), 30, lambda: text(dialog, "#sync-body")
        )
        click(dialog, "#sync-recovery-done")
        wait_until(lambda: state(dialog) == "synced", 30, lambda: text(dialog, "#sync-body"))
        assert text(dialog, "#sync-open") == "Sync: Synced"

        other, engine = other_machine(tmp_path / "b", remote)
        try:
            engine.sync()
            assert other.models.by_name(NAME)["tmpls"][0]["qfmt"].endswith("shared line</p>")
            edit_front(other, NAME, "<h1>{{Front}}</h1>\n<p>their line</p>")
            engine.sync()
            edit_front(col, NAME, "<h1>{{Front}}</h1>\n<p>my line</p>")
            click(dialog, "#sync-now")
            wait_until(lambda: state(dialog) == "conflict", 30, lambda: text(dialog, "#sync-body"))
            assert NAME in text(dialog, ".sync-conflicts")
            assert text(dialog, "#sync-open") == "Sync: Conflict"
            assert col.models.by_name(NAME)["tmpls"][0]["qfmt"].endswith("my line</p>")
            pump(0.3)
            dialog.grab().save(str(artifacts / "sync-panel-conflict.png"))
            click(dialog, "#sync-keep-mine")
            wait_until(lambda: state(dialog) == "synced", 30, lambda: text(dialog, "#sync-body"))
            assert col.models.by_name(NAME)["tmpls"][0]["qfmt"].endswith("my line</p>")
            pump(0.3)
            dialog.grab().save(str(artifacts / "sync-panel.png"))
            names = sorted(e.name for e in col.models.all_names_and_ids())
            assert names == sorted(e.name for e in other.models.all_names_and_ids())
            assert not [n for n in names if n.startswith("Basic-")], names
            engine.sync()
            assert other.models.by_name(NAME)["tmpls"][0]["qfmt"].endswith("my line</p>")
        finally:
            other.close()
    finally:
        close(dialog)
