"""Install, update and uninstall from `.atdplugin` files, through the service and through
the Plugins panel's bridge methods (file dialog answered by the plain host role)."""

import pytest
from conftest import settle, snapshot
from plugin_market import package_bytes, plugin_files

from anki_template_designer.services.plugins.install import (
    STAGING_PREFIX,
    InstallRefused,
    NotInstalled,
)


def package(tmp_path, plugin_id="font-lint", version="1.0.0", **manifest):
    path = tmp_path / f"{plugin_id}-{version}.atdplugin"
    path.write_bytes(package_bytes(plugin_files(plugin_id, version, **manifest)))
    return path


def lint_codes(manager):
    return [rule.code for _id, rule in manager.collect("atd_lints")]


def test_an_installed_plugin_runs_at_once(installer, manager, user_files, tmp_path):
    result = installer.commit(installer.stage_file(package(tmp_path)))
    assert result.to_json() == {
        "id": "font-lint",
        "version": "1.0.0",
        "action": "installed",
        "state": "enabled",
        "errors": [],
    }
    assert "font-lint.font-tag" in lint_codes(manager)
    draft = {"tmpls": [{"qfmt": "<font color=red>{{Front}}</font>", "afmt": ""}]}
    rule = next(r for _i, r in manager.collect("atd_lints") if r.code == "font-lint.font-tag")
    assert rule.check(draft)[0]["side"] == "front"
    assert sorted(p.name for p in (user_files / "plugins").iterdir()) == ["font-lint"]


def test_an_update_replaces_the_code_and_keeps_the_data(installer, manager, user_files, tmp_path):
    installer.commit(installer.stage_file(package(tmp_path)))
    manager.notify("atd_designer_opened", notetype_id=None)
    data = user_files / "plugin-data" / "font-lint" / "opens.txt"
    assert data.read_text() == "1"
    result = installer.commit(installer.stage_file(package(tmp_path, version="1.1.0")))
    assert (result.action, result.version, result.state) == ("updated", "1.1.0", "enabled")
    manager.notify("atd_designer_opened", notetype_id=None)
    assert data.read_text() == "2"  # the data survived; the new code runs
    rule = next(r for _i, r in manager.collect("atd_lints") if r.code == "font-lint.font-tag")
    draft = {"tmpls": [{"qfmt": "<FONT>", "afmt": ""}]}
    assert "(1.1.0)" in rule.check(draft)[0]["message"]
    assert sorted(p.name for p in (user_files / "plugins").iterdir()) == ["font-lint"]


def test_an_update_of_a_disabled_plugin_leaves_it_off(installer, manager, tmp_path):
    installer.commit(installer.stage_file(package(tmp_path)))
    manager.disable("font-lint")
    result = installer.commit(installer.stage_file(package(tmp_path, version="2.0.0")))
    assert (result.version, result.state) == ("2.0.0", "disabled")
    assert "font-lint.font-tag" not in lint_codes(manager)


def test_an_older_version_is_refused(installer, manager, user_files, tmp_path):
    installer.commit(installer.stage_file(package(tmp_path, version="2.0.0")))
    before = snapshot(user_files / "plugins")
    with pytest.raises(
        InstallRefused, match=r"font-lint 1\.0\.0 is older than the installed 2\.0\.0"
    ):
        installer.stage_file(package(tmp_path, version="1.0.0"))
    assert snapshot(user_files / "plugins") == before


def test_uninstall_disables_unloads_and_removes_code_and_data(
    installer, manager, user_files, tmp_path
):
    installer.commit(installer.stage_file(package(tmp_path)))
    manager.notify("atd_designer_opened", notetype_id=None)
    installer.uninstall("font-lint")
    assert "font-lint" not in {s["id"] for s in manager.status()}
    assert "font-lint.font-tag" not in lint_codes(manager)
    assert list((user_files / "plugins").iterdir()) == []
    assert not (user_files / "plugin-data" / "font-lint").exists()
    # and it can be installed again
    assert installer.commit(installer.stage_file(package(tmp_path))).state == "enabled"


def test_built_ins_cannot_be_uninstalled_and_unknown_ids_are_not_found(installer):
    with pytest.raises(InstallRefused, match="part of the designer"):
        installer.uninstall("presets")
    with pytest.raises(NotInstalled):
        installer.uninstall("never-installed")


def test_a_package_needing_a_missing_plugin_is_installed_but_stays_off(installer, tmp_path):
    path = package(tmp_path, "needs-other", requires={"other-plugin": ">=1"})
    result = installer.commit(installer.stage_file(path))
    assert result.state == "refused"
    assert "needs plugin 'other-plugin'" in result.errors[0]


def test_a_dependency_already_running_is_found(installer, manager, tmp_path):
    installer.commit(installer.stage_file(package(tmp_path, "base-pack")))
    path = package(tmp_path, "add-on-pack", requires={"base-pack": ">=1.0"})
    assert installer.commit(installer.stage_file(path)).state == "enabled"


def test_leftovers_of_a_crash_are_removed_at_start(registry, installer, user_files):
    leftover = user_files / "plugins" / f"{STAGING_PREFIX}deadbeef"
    leftover.mkdir(parents=True)
    (leftover / "plugin.json").write_text("{}")
    installer.clean_leftovers()
    assert not leftover.exists()


# -- through the bridge (the Plugins panel's calls) ------------------------------------


def test_the_panel_installs_lists_disables_and_uninstalls(bridge, hosts, user_files, tmp_path):
    hosts.open_path = str(package(tmp_path))
    reply = settle(bridge, "plugins.installFile")
    assert reply["ok"], reply
    assert reply["result"]["action"] == "installed"
    rows = {r["id"]: r for r in bridge.ok("plugins.list")["plugins"]}
    assert rows["font-lint"]["state"] == "enabled"
    assert rows["font-lint"]["permissions"] == ["files"]
    assert rows["font-lint"]["uninstallable"] and not rows["presets"]["uninstallable"]
    assert bridge.ok("plugins.progress") == {"busy": False}
    disabled = {r["id"]: r for r in bridge.ok("plugins.disable", {"id": "font-lint"})["plugins"]}
    assert disabled["font-lint"]["state"] == "disabled"
    assert bridge.ok("plugins.enable", {"id": "font-lint"})
    bridge.ok("plugins.uninstall", {"id": "font-lint"})
    assert "font-lint" not in {r["id"] for r in bridge.ok("plugins.list")["plugins"]}
    assert list((user_files / "plugins").iterdir()) == []


def test_cancelling_the_file_dialog_installs_nothing(bridge, hosts, user_files):
    hosts.open_path = None
    assert bridge.ok("plugins.installFile") is None
    assert not (user_files / "plugins").exists() or list((user_files / "plugins").iterdir()) == []


def test_a_hostile_file_through_the_panel_is_a_clear_error(bridge, hosts, tmp_path):
    path = tmp_path / "evil.atdplugin"
    path.write_bytes(package_bytes({**plugin_files("evil-one"), "../x.py": b""}))
    hosts.open_path = str(path)
    reply = settle(bridge, "plugins.installFile")
    assert not reply["ok"]
    assert reply["error"]["code"] == "invalid_params"
    assert "evil.atdplugin: '../x.py' climbs out of the plugin folder" in reply["error"]["message"]


def test_built_ins_cannot_be_turned_off_from_the_panel(bridge):
    error = bridge.error("plugins.disable", {"id": "core"})
    assert "part of the designer" in error["message"]
    error = bridge.error("plugins.uninstall", {"id": "core"})
    assert "cannot be uninstalled" in error["message"]
