"""Hostile `.atdplugin` files are refused with a message naming what and where, and
nothing is written: not in user_files/plugins, not in the plugin data folder."""

import re

import pytest
from conftest import snapshot
from plugin_market import hostile_packages, package_bytes, plugin_files

from anki_template_designer.services.plugins.install import InstallRefused
from anki_template_designer.services.plugins.package import PackageRefused
from anki_template_designer.services.validation import ValidationFailed

HOSTILE = hostile_packages()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_package_is_refused_and_nothing_is_written(
    kind, installer, manager, user_files, tmp_path
):
    data, phrase = HOSTILE[kind]
    path = tmp_path / f"{kind}.atdplugin"
    path.write_bytes(data)
    before = snapshot(user_files / "plugins"), snapshot(user_files / "plugin-data")
    with pytest.raises((PackageRefused, InstallRefused, ValidationFailed)) as refused:
        installer.stage_file(path)
    assert phrase in str(refused.value), str(refused.value)
    assert (snapshot(user_files / "plugins"), snapshot(user_files / "plugin-data")) == before
    assert not (tmp_path / "escaped.py").exists() and not (tmp_path.parent / "escaped.py").exists()
    assert "hostile-pack" not in {s["id"] for s in manager.status()}


def test_the_refusal_names_the_package_and_the_entry(installer, tmp_path):
    path = tmp_path / "Sneaky.atdplugin"
    path.write_bytes(HOSTILE["dotdot"][0])
    with pytest.raises(PackageRefused, match=r"Sneaky\.atdplugin: '\.\./escaped\.py' climbs out"):
        installer.stage_file(path)


def test_a_bad_manifest_names_the_file_and_every_field(installer, tmp_path):
    path = tmp_path / "bad.atdplugin"
    path.write_bytes(HOSTILE["bad-manifest"][0])
    with pytest.raises(PackageRefused) as refused:
        installer.stage_file(path)
    message = str(refused.value)
    assert "bad.atdplugin: plugin.json" in message
    assert "/id" in message and "/name" in message and "'version' is a required" in message


def test_the_manifest_may_sit_in_one_top_level_folder(installer, manager, tmp_path):
    path = tmp_path / "folder.atdplugin"
    path.write_bytes(package_bytes(plugin_files("in-folder"), root="in-folder/"))
    result = installer.commit(installer.stage_file(path))
    assert (result.id, result.state) == ("in-folder", "enabled")
    assert (tmp_path / "addon" / "user_files" / "plugins" / "in-folder" / "plugin.py").is_file()


def test_files_outside_the_one_plugin_folder_are_refused(installer, tmp_path):
    files = {f"p/{k}": v for k, v in plugin_files("two-roots").items()}
    files["other/extra.py"] = b"x"
    path = tmp_path / "two.atdplugin"
    path.write_bytes(package_bytes(files))
    with pytest.raises(PackageRefused, match=re.escape("no plugin.json")):
        installer.stage_file(path)


def test_an_entry_file_missing_from_the_package_is_refused(installer, tmp_path):
    files = plugin_files("no-entry")
    del files["plugin.py"]
    path = tmp_path / "no-entry.atdplugin"
    path.write_bytes(package_bytes(files))
    with pytest.raises(PackageRefused, match=re.escape("/entry: plugin.py is not in it")):
        installer.stage_file(path)


def test_a_missing_file_is_a_clear_refusal(installer, tmp_path):
    with pytest.raises(InstallRefused, match=re.escape("gone.atdplugin cannot be read")):
        installer.stage_file(tmp_path / "gone.atdplugin")
