"""The Backups panel's bridge methods over a real collection and a real repository on
disk: where it lives, automatic snapshots and when they are skipped, list, preview, a
restore as one undo step, verify finding damage, settings and the passphrase, and clear
errors for hostile params. Everything goes through the real dispatcher."""

import json
import os
import stat
import time

import pytest
from bridge_replies import ok, settled

from anki_template_designer.features.backup.service import (
    DEVICE_KEY_FILE,
    REPOSITORY_FOLDER,
    BackupService,
)
from anki_template_designer.features.events import announce
from anki_template_designer.sdk.hosts import FileDialogs
from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.backup.keys import DeviceKey
from anki_template_designer.services.backup.repository import Repository
from anki_template_designer.services.config import ConfigService
from anki_template_designer.services.environment import Environment
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.presets.service import PresetService


def wait_for_snapshots(bridge, count):
    deadline = time.monotonic() + 20
    while True:
        snapshots = ok(bridge, "backups.list")["snapshots"]
        if len(snapshots) >= count:
            return snapshots
        assert time.monotonic() < deadline, snapshots
        time.sleep(0.02)


def test_the_repository_is_in_the_profile_folder_and_the_key_is_private(feature_setup):
    _registry, bridge, col = feature_setup
    profile = os.path.dirname(col.path)
    first = ok(bridge, "backups.list")
    assert first == {
        "location": os.path.join(profile, REPOSITORY_FOLDER),
        "exists": False,
        "snapshots": [],
        "recoveryCode": None,
        "lastError": None,
    }
    made = ok(bridge, "backups.create")
    assert made["reason"] == "manual" and "Basic" in made["notetypes"] and made["size"] > 0
    listed = ok(bridge, "backups.list")
    code = listed["recoveryCode"]
    assert code and len(code.replace("-", "")) == 32
    assert ok(bridge, "backups.list")["recoveryCode"] is None  # shown once
    key = os.path.join(profile, DEVICE_KEY_FILE)
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert "addon" not in listed["location"]


def test_automatic_snapshots_skip_when_nothing_changed(feature_setup):
    registry, bridge, col = feature_setup
    announce(registry, "atd_designer_opened", notetype_id=None)
    assert [s["reason"] for s in wait_for_snapshots(bridge, 1)] == ["scheduled"]
    basic = col.models.by_name("Basic")
    # Before a save of an unchanged collection: the latest snapshot holds it already.
    announce(registry, "atd_notetype_will_save", notetype_id=basic["id"], notetype=basic)
    announce(registry, "atd_designer_opened", notetype_id=None)  # daily already done
    time.sleep(0.3)
    assert len(ok(bridge, "backups.list")["snapshots"]) == 1
    basic["css"] += "\n.card { color: red; }"
    col.models.update_dict(basic)
    announce(registry, "atd_notetype_will_save", notetype_id=basic["id"], notetype=basic)
    newest = ok(bridge, "backups.list")["snapshots"][0]  # made before the hook returned
    assert newest["reason"] == "before-save"


def test_a_designer_save_is_preceded_by_a_snapshot_of_what_it_replaces(feature_setup):
    registry, bridge, col = feature_setup
    basic = col.models.by_name("Basic")
    old_css = basic["css"]
    opened = ok(bridge, "designer.open", {"notetypeId": basic["id"]})
    draft = opened["notetype"]
    draft["css"] = old_css + "\n.card { color: teal; }"
    ok(bridge, "designer.save", {"draft": draft, "fingerprint": opened["fingerprint"]})
    assert col.models.get(basic["id"])["css"].endswith("color: teal; }")
    backups = registry.get(BackupService)

    def css_in(snapshot):
        (held,) = [nt for nt in backups.repository().notetypes(snapshot) if nt["id"] == basic["id"]]
        return held["css"]

    # Made inside the save, before the write: what the save replaced.
    before = [s for s in backups.snapshots() if s.reason == "before-save"]
    assert before and css_in(before[-1]) == old_css
    # Then what was saved, on the task manager (restorable if broken before the next save).
    deadline = time.monotonic() + 20
    while not any(s.reason == "after-save" for s in backups.snapshots()):
        assert time.monotonic() < deadline, [s.reason for s in backups.snapshots()]
        time.sleep(0.02)
    after = [s for s in backups.snapshots() if s.reason == "after-save"]
    assert css_in(after[-1]).endswith("color: teal; }")


def test_a_failing_before_save_snapshot_does_not_stop_the_save(feature_setup, tmp_path):
    registry, bridge, col = feature_setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups would go")
    registry.get(ConfigService).update({"backup_location": str(blocker / "backups")})
    basic = col.models.by_name("Basic")
    opened = ok(bridge, "designer.open", {"notetypeId": basic["id"]})
    draft = opened["notetype"]
    draft["css"] += "\n/* saved anyway */"
    ok(bridge, "designer.save", {"draft": draft, "fingerprint": opened["fingerprint"]})
    assert col.models.get(basic["id"])["css"].endswith("/* saved anyway */")
    assert ok(bridge, "backups.list")["lastError"]


def test_the_schedule_follows_the_config(tmp_path, col):
    registry = registry_for(
        tmp_path,
        collection=lambda: col,
        config={"backup_before_save": False, "backup_daily": False},
    )
    plain_hosts(registry)
    bridge = Bridge(registry.get(PluginManager).bridge_methods())
    announce(registry, "atd_designer_opened", notetype_id=None)
    time.sleep(0.3)
    assert ok(bridge, "backups.list")["snapshots"] == []
    registry.close()


def test_preview_shows_both_sides_and_restore_is_one_undo_step(feature_setup):
    registry, bridge, col = feature_setup
    snapshot = ok(bridge, "backups.create")["id"]
    basic = col.models.by_name("Basic")
    original = basic["tmpls"][0]["qfmt"]
    basic["tmpls"][0]["qfmt"] = "<b>broken</b> {{Front}}"
    col.models.update_dict(basic)
    preview = ok(bridge, "backups.preview", {"snapshot": snapshot, "notetypeId": basic["id"]})
    (change,) = preview["notetypes"]
    assert change["action"] == "update" and change["name"] == "Basic"
    (front,) = [f for f in change["files"] if f["path"].endswith("front.html")]
    assert front["current"] == "<b>broken</b> {{Front}}" and front["snapshot"] == original
    whole = ok(bridge, "backups.preview", {"snapshot": snapshot})["notetypes"]
    assert {c["action"] for c in whole if c["name"] != "Basic"} == {"unchanged"}

    result = ok(bridge, "backups.restore", {"snapshot": snapshot, "notetypeId": basic["id"]})
    assert result["notetypes"] == [{"id": basic["id"], "name": "Basic", "action": "updated"}]
    assert col.models.get(basic["id"])["tmpls"][0]["qfmt"] == original
    assert result["before"] in {s["id"] for s in ok(bridge, "backups.list")["snapshots"]}
    assert col.undo_status().undo == "Restore note types from backup"
    audit = registry.get(BackupService).repository().audit
    actions = [(entry["action"], entry["target"]) for entry in audit.entries()]
    assert actions[-2:] == [
        ("backup", f"{result['before']} (before-restore)"),
        ("restore", f"{snapshot} note type {basic['id']}"),
    ], actions
    assert audit.verify().ok
    col.undo()
    assert col.models.get(basic["id"])["tmpls"][0]["qfmt"] == "<b>broken</b> {{Front}}"


def test_a_note_type_deleted_since_is_added_back(feature_setup):
    _registry, bridge, col = feature_setup
    basic = col.models.by_name("Basic (type in the answer)")
    snapshot = ok(bridge, "backups.create")["id"]
    col.models.remove(basic["id"])
    change = ok(bridge, "backups.preview", {"snapshot": snapshot, "notetypeId": basic["id"]})
    assert change["notetypes"][0]["action"] == "add"
    result = ok(bridge, "backups.restore", {"snapshot": snapshot, "notetypeId": basic["id"]})
    assert result["notetypes"][0]["action"] == "added"
    added = col.models.get(result["notetypes"][0]["id"])
    assert added["tmpls"][0]["qfmt"] == basic["tmpls"][0]["qfmt"]


def test_verify_finds_damage_and_reports_progress(feature_setup):
    registry, bridge, _col = feature_setup
    ok(bridge, "backups.create")
    report = ok(bridge, "backups.verify", {"readData": True})
    assert report["ok"] and report["objects"] > 0 and report["problems"] == []
    progress = ok(bridge, "backups.progress")
    assert progress["busy"] is False and progress["done"] == progress["total"] == report["objects"]
    root = registry.get(BackupService).root
    victim = next(path for path in (root / "packs").rglob("*") if path.is_file())
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 1
    os.chmod(victim, 0o644)
    victim.write_bytes(bytes(data))
    assert ok(bridge, "backups.verify", {"readData": False})["ok"]  # present, not read
    damaged = ok(bridge, "backups.verify", {"readData": True})
    assert not damaged["ok"]
    problems = damaged["problems"]
    assert problems and all(problem["snapshots"] for problem in problems), problems


def test_passphrase_locks_until_given_and_is_never_sent_back(feature_setup, tmp_path):
    registry, bridge, col = feature_setup
    ok(bridge, "backups.create")
    config = registry.get(ConfigService)
    short = settled(bridge, "backups.setSettings", {"passphrase": "short"})
    assert not short["ok"] and "8 to 1024 characters" in short["error"]["message"]
    assert "short" not in short["error"]["message"].replace("shorter", "")
    huge = settled(bridge, "backups.setSettings", {"passphrase": "p" * 5000})
    assert not huge["ok"] and "ppp" not in str(huge)
    settings = ok(bridge, "backups.setSettings", {"passphrase": "correct horse battery"})
    assert settings["hasPassphrase"] is True
    assert "correct horse" not in str(settings)
    # A new session (a fresh service) must be given the passphrase.
    profile_dir = registry.get(BackupService).root.parent
    registry.register_factory(
        BackupService, lambda r: BackupService(profile_dir, lambda: col, "p", config.get)
    )
    locked = settled(bridge, "backups.list")
    assert not locked["ok"] and "passphrase" in locked["error"]["message"]
    assert "Traceback" not in str(locked)
    wrong = settled(bridge, "backups.unlock", {"passphrase": "wrong one!"})
    assert not wrong["ok"] and "wrong passphrase" in wrong["error"]["message"]
    assert "wrong one!" not in wrong["error"]["message"]
    ok(bridge, "backups.unlock", {"passphrase": "correct horse battery"})
    assert len(ok(bridge, "backups.list")["snapshots"]) == 1


def test_settings_change_the_location(feature_setup, tmp_path):
    _registry, bridge, _col = feature_setup
    elsewhere = tmp_path / "elsewhere"
    settings = ok(bridge, "backups.setSettings", {"location": str(elsewhere), "daily": False})
    assert settings["path"] == str(elsewhere) and settings["daily"] is False
    ok(bridge, "backups.create")
    assert (elsewhere / "keys.json").is_file()
    bad = settled(bridge, "backups.setSettings", {"daily": "yes"})
    assert not bad["ok"]


@pytest.mark.parametrize(
    "location,reason",
    [("relative/folder", "full path"), ("{addon}/user_files/backups", "add-on folder")],
)
def test_a_location_must_be_a_full_path_outside_the_addon(feature_setup, location, reason):
    registry, bridge, _col = feature_setup
    addon = registry.get(Environment).paths.addon_dir
    reply = settled(bridge, "backups.setSettings", {"location": location.format(addon=addon)})
    assert not reply["ok"] and reason in reply["error"]["message"]
    assert ok(bridge, "backups.settings")["location"] == ""  # nothing saved


def test_a_failed_automatic_backup_is_shown_in_the_list(feature_setup, tmp_path):
    registry, bridge, _col = feature_setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups would go")
    registry.get(ConfigService).update({"backup_location": str(blocker)})
    announce(registry, "atd_designer_opened", notetype_id=None)
    deadline = time.monotonic() + 10
    while registry.get(BackupService).last_error is None:
        assert time.monotonic() < deadline, "the automatic backup never failed"
        time.sleep(0.02)
    listed = ok(bridge, "backups.list")
    assert "not-a-folder" in listed["lastError"] and "empty or new folder" in listed["lastError"]


@pytest.mark.parametrize(
    "method,params",
    [
        ("backups.preview", {"snapshot": "../../etc/passwd"}),
        ("backups.preview", {"snapshot": "20260101T000000-deadbeef", "extra": 1}),
        ("backups.restore", {"snapshot": "20260101T000000-deadbeef", "notetypeId": -1}),
        ("backups.restore", {}),
        ("backups.verify", {"readData": "all"}),
        ("backups.unlock", {"passphrase": 7}),
        ("backups.setSettings", {"location": "x" * 2000}),
        ("backups.restoreUserData", {"snapshot": "20260101T000000-deadbeef", "presetId": "../x"}),
        ("backups.presets", {}),
    ],
)
def test_hostile_params_are_refused_by_the_schema(feature_setup, method, params):
    _registry, bridge, _col = feature_setup
    reply = settled(bridge, method, params)
    assert not reply["ok"] and reply["error"]["code"] == "invalid_params", reply


def test_an_unknown_snapshot_is_a_clear_error(feature_setup):
    _registry, bridge, _col = feature_setup
    ok(bridge, "backups.create")
    reply = settled(bridge, "backups.restore", {"snapshot": "20260101T000000-deadbeef"})
    assert not reply["ok"] and "no snapshot '20260101T000000-deadbeef'" in reply["error"]["message"]


def test_closing_the_profile_takes_a_snapshot_when_something_changed(tmp_path, col):
    registry = registry_for(tmp_path, collection=lambda: col)
    backups = registry.get(BackupService)
    backups.snapshot("manual")
    registry.close()  # nothing changed: no new snapshot
    assert [s.reason for s in backups.snapshots()] == ["manual"]
    registry = registry_for(tmp_path / "again", collection=lambda: col)
    backups = registry.get(BackupService)
    basic = col.models.by_name("Basic")
    basic["css"] += "\n/* changed */"
    col.models.update_dict(basic)
    registry.close()
    assert [s.reason for s in backups.snapshots()] == ["manual", "scheduled"]


def test_restoring_everything_is_one_undo_step_for_all_note_types(feature_setup):
    _registry, bridge, col = feature_setup
    snapshot = ok(bridge, "backups.create")["id"]
    before = {nt["id"]: (nt["css"], nt["tmpls"][0]["qfmt"]) for nt in col.models.all()}
    for name in ("Basic", "Cloze"):
        notetype = col.models.by_name(name)
        notetype["css"] = f"/* {name} broken */"
        col.models.update_dict(notetype)
    preview = ok(bridge, "backups.preview", {"snapshot": snapshot})["notetypes"]
    assert sorted(c["name"] for c in preview if c["action"] == "update") == ["Basic", "Cloze"]
    result = ok(bridge, "backups.restore", {"snapshot": snapshot})
    actions = {r["name"]: r["action"] for r in result["notetypes"]}
    assert actions.pop("Basic") == actions.pop("Cloze") == "updated"
    assert set(actions.values()) == {"unchanged"}
    assert {nt["id"]: (nt["css"], nt["tmpls"][0]["qfmt"]) for nt in col.models.all()} == before
    col.undo()  # one step puts both back
    assert col.models.by_name("Basic")["css"] == "/* Basic broken */"
    assert col.models.by_name("Cloze")["css"] == "/* Cloze broken */"


def test_snapshots_another_program_writes_or_removes_are_seen(feature_setup):
    registry, bridge, _col = feature_setup
    backups = registry.get(BackupService)
    ok(bridge, "backups.create")
    assert len(ok(bridge, "backups.list")["snapshots"]) == 1  # the service now knows them
    other = Repository.open(backups.root, device=DeviceKey.load_or_create(backups.device_key_path))
    written, _count = other.store.snapshot({"Basic/style.css": b".card {}"}, "manual", "cli")
    listed = ok(bridge, "backups.list")["snapshots"]
    assert listed[0]["id"] == written.id and len(listed) == 2
    (backups.root / "snapshots" / written.id).unlink()  # as a prune would
    left = ok(bridge, "backups.list")["snapshots"]
    assert len(left) == 1 and left[0]["id"] != written.id


def test_presets_drafts_and_config_are_in_snapshots_and_one_preset_restores_alone(feature_setup):
    registry, bridge, _col = feature_setup
    presets = registry.get(PresetService)
    builtin = next(p.preset for p in presets.list_presets().presets if p.preset.builtin)
    mine = presets.duplicate(builtin.id, "Mine")
    other = presets.duplicate(builtin.id, "Other")
    config = registry.get(ConfigService)
    made = ok(bridge, "backups.create")
    assert made["presets"] == 2 and made["userData"] and "~designer" not in made["notetypes"]
    snapshot = made["id"]

    # Since the snapshot: one preset renamed, one deleted, one new, a setting changed.
    presets.rename(mine.preset.id, presets.get(mine.preset.id).etag, "Renamed")
    presets.delete(other.preset.id, presets.get(other.preset.id).etag)
    newer = presets.duplicate(builtin.id, "Newer")
    config.update({"backup_daily": False})
    states = {
        row["name"]: row["state"]
        for row in ok(bridge, "backups.presets", {"snapshot": snapshot})["presets"]
    }
    assert states == {"Mine": "changed", "Other": "missing"}

    one = ok(bridge, "backups.restoreUserData", {"snapshot": snapshot, "presetId": mine.preset.id})
    assert one["files"] >= 1 and one["config"] is False
    assert presets.get(mine.preset.id).preset.name == "Mine"
    assert presets.get(newer.preset.id).preset.name == "Newer"  # made since: untouched
    assert config.get("backup_daily") is False  # one preset restores nothing else
    # The state it replaced is in the before-restore snapshot.
    before = ok(bridge, "backups.presets", {"snapshot": one["before"]})["presets"]
    assert {row["name"] for row in before} == {"Renamed", "Newer"}

    everything = ok(bridge, "backups.restoreUserData", {"snapshot": snapshot})
    assert everything["config"] is True and config.get("backup_daily") is True
    assert presets.get(other.preset.id).preset.name == "Other"
    assert presets.get(newer.preset.id).preset.name == "Newer"
    audit = [e["target"] for e in registry.get(BackupService).repository().audit.entries()]
    assert f"{snapshot} preset {mine.preset.id}" in audit and f"{snapshot} designer data" in audit

    reply = settled(bridge, "backups.restoreUserData", {"snapshot": snapshot, "presetId": "0" * 32})
    assert not reply["ok"] and "has no preset" in reply["error"]["message"]


def test_one_card_type_is_previewed_and_restored_alone(feature_setup):
    registry, bridge, col = feature_setup
    snapshot = ok(bridge, "backups.create")["id"]
    notetype = col.models.by_name("Basic (and reversed card)")
    card2 = notetype["tmpls"][1]["qfmt"]
    notetype["tmpls"][0]["qfmt"] = "kept {{Front}}"
    notetype["tmpls"][1]["qfmt"] = "broken {{Back}}"
    col.models.update_dict(notetype)
    choice = {"snapshot": snapshot, "notetypeId": notetype["id"], "cardType": "Card 2"}
    (change,) = ok(bridge, "backups.preview", choice)["notetypes"]
    assert change["cardTypes"] == ["Card 1", "Card 2"]
    assert [f["path"] for f in change["files"]] == ["cards/Card 2~1/front.html"]  # only it
    ok(bridge, "backups.restore", choice)
    now = col.models.get(notetype["id"])
    assert [t["qfmt"] for t in now["tmpls"]] == ["kept {{Front}}", card2]
    assert col.undo_status().undo == "Restore note types from backup"
    target = registry.get(BackupService).repository().audit.entries()[-1]["target"]
    assert target == f"{snapshot} note type {notetype['id']} card type Card 2"
    reply = settled(bridge, "backups.restore", {"snapshot": snapshot, "cardType": "Card 2"})
    assert not reply["ok"] and "from one note type" in reply["error"]["message"]


def test_a_replica_set_in_the_settings_gets_every_snapshot_and_verify_compares_it(
    feature_setup, tmp_path
):
    _registry, bridge, _col = feature_setup
    ok(bridge, "backups.create")
    replica = tmp_path / "second disk"
    settings = ok(bridge, "backups.setSettings", {"replica": str(replica)})
    assert settings["replica"] == str(replica)
    ok(bridge, "backups.create")  # the replica is filled and kept in step from now on
    assert (replica / "keys.json").is_file() and list((replica / "snapshots").iterdir())
    assert ok(bridge, "backups.verify", {"readData": True})["ok"]
    victim = next(p for p in (replica / "snapshots").iterdir())
    victim.write_bytes(b"damaged")
    report = ok(bridge, "backups.verify", {"readData": False})
    assert not report["ok"] and report["hasReplica"]
    assert any(p["problem"].startswith("differs") for p in report["problems"]), report
    healed = ok(bridge, "backups.verify", {"repair": True})
    assert healed["ok"] and healed["repaired"] == [f"snapshots/{victim.name}"], healed
    assert victim.read_bytes() != b"damaged"
    reply = settled(bridge, "backups.setSettings", {"replica": "relative/x"})
    assert not reply["ok"] and "full path" in reply["error"]["message"]


def test_prune_says_first_what_would_go_then_keeps_what_the_retention_keeps(feature_setup):
    registry, bridge, _col = feature_setup
    for _ in range(4):
        ok(bridge, "backups.create")
    reply = settled(
        bridge,
        "backups.setSettings",
        {"retention": {"last": 0, "daily": 0, "weekly": 0, "monthly": 0}},
    )
    assert not reply["ok"] and "would delete every backup" in reply["error"]["message"]
    keep = {"last": 2, "daily": 0, "weekly": 0, "monthly": 0}
    assert ok(bridge, "backups.setSettings", {"retention": keep})["retention"] == keep
    listed = [s["id"] for s in ok(bridge, "backups.list")["snapshots"]]
    dry = ok(bridge, "backups.prune", {"dryRun": True})
    assert dry["dryRun"] and dry["kept"] == 2
    assert {s["id"] for s in dry["forgotten"]} == set(listed[2:])
    assert len(ok(bridge, "backups.list")["snapshots"]) == 4  # a dry run changes nothing
    done = ok(bridge, "backups.prune", {"dryRun": False})
    assert not done["dryRun"] and len(done["forgotten"]) == 2
    assert {s["id"] for s in ok(bridge, "backups.list")["snapshots"]} == set(listed[:2])
    assert ok(bridge, "backups.verify", {"readData": True})["ok"]
    actions = [e["action"] for e in registry.get(BackupService).repository().audit.entries()]
    assert actions[-1] == "prune"


def test_saves_and_plugin_changes_are_in_the_audit_trail_and_it_exports_as_json_lines(
    feature_setup, tmp_path
):
    registry, bridge, col = feature_setup
    basic = col.models.by_name("Basic")
    opened = ok(bridge, "designer.open", {"notetypeId": basic["id"]})
    draft = opened["notetype"]
    draft["css"] += "\n/* audited */"
    ok(bridge, "designer.save", {"draft": draft, "fingerprint": opened["fingerprint"]})
    announce(registry, "atd_activity", action="plugin.install", target="example.lints 1.0")
    deadline = time.monotonic() + 20
    while True:
        trail = ok(bridge, "backups.activity", {"limit": 50})
        actions = {(e["action"], e["target"]) for e in trail["entries"]}
        if {("save", f"Basic ({basic['id']})"), ("plugin.install", "example.lints 1.0")} <= actions:
            break
        assert time.monotonic() < deadline, actions
        time.sleep(0.02)
    seqs = [e["seq"] for e in trail["entries"]]
    assert trail["ok"] and seqs == sorted(seqs, reverse=True)  # newest first
    target = tmp_path / "trail.jsonl"
    registry.get(FileDialogs).save_path = str(target)  # the user picks where
    exported = ok(bridge, "backups.exportActivity")
    assert exported == {"path": str(target), "entries": trail["total"]}
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["seq"] for line in lines] == sorted(seqs)[-len(lines) :] and len(lines) == trail[
        "total"
    ]
    assert all({"mac", "prev"} <= set(line) for line in lines)


def test_keep_both_leaves_a_changed_note_type_and_adds_the_snapshots_beside_it(feature_setup):
    _registry, bridge, col = feature_setup
    snapshot = ok(bridge, "backups.create")["id"]
    basic = col.models.by_name("Basic")
    original = basic["css"]
    basic["css"] = "/* mine, changed since */"
    col.models.update_dict(basic)
    result = ok(
        bridge,
        "backups.restore",
        {"snapshot": snapshot, "notetypeId": basic["id"], "keepBoth": True},
    )
    (added,) = result["notetypes"]
    assert added["action"] == "added" and added["name"] == f"Basic (backup {snapshot})"
    assert col.models.get(basic["id"])["css"] == "/* mine, changed since */"
    assert col.models.get(added["id"])["css"] == original
    col.undo()
    assert col.models.get(added["id"]) is None  # one undo step takes the added one away
