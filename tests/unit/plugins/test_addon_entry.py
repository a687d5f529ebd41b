"""Another Anki add-on is a plugin through `atd_plugin.json` beside its `__init__.py` and a
top-level `atd_plugin` object, without knowing our folder name. The add-ons here are
real packages in an add-ons folder, imported the way Anki imports them (by folder name,
with the add-ons folder on `sys.path`)."""

import importlib
import json
import sys
import textwrap

import pytest

from anki_template_designer.services.plugins import ENABLED, FAILED, REFUSED, PluginPermissionError

#: An add-on holding its hooks in a class: unmarked `atd_*` methods are hooks too, so it
#: needs nothing of ours at import time (Anki may import it before us).
ADDON_CODE = """
class DesignerPlugin:
    def atd_register_services(self, context):
        context.registry.register_factory(Counter, lambda registry: Counter())

    def atd_lints(self, context):
        from atd_sdk import LintRule

        return [LintRule("{id}.sides", self.check, "both sides have content")]

    def atd_designer_opened(self, context, notetype_id):
        context.registry.get(Counter).opened += 1

    @staticmethod
    def check(draft):
        return [
            {{"severity": "warning", "code": "{id}.sides", "message": "empty back"}}
            for template in draft.get("tmpls", [])
            if not template.get("afmt", "").strip()
        ]


class Counter:
    opened = 0


{attribute}
"""


@pytest.fixture
def addons_dir(tmp_path, monkeypatch):
    folder = tmp_path / "addons21"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    for name in [n for n in sys.modules if n.startswith("atd_test_addon")]:
        del sys.modules[name]


def make_addon(
    addons_dir,
    folder_name,
    plugin_id,
    *,
    attribute="atd_plugin = DesignerPlugin()",
    manifest=None,
    import_it=True,
):
    folder = addons_dir / folder_name
    folder.mkdir()
    (folder / "__init__.py").write_text(
        textwrap.dedent(ADDON_CODE.format(id=plugin_id, attribute=attribute)), encoding="utf-8"
    )
    data = manifest or {
        "id": plugin_id,
        "name": "Both sides",
        "version": "2.1.0",
        "sdk": ">=0.1,<2",
        "permissions": ["notetypes:read"],
    }
    (folder / "atd_plugin.json").write_text(json.dumps(data), encoding="utf-8")
    if import_it:
        importlib.import_module(folder_name)  # what Anki does for every enabled add-on
    return folder


def test_an_addon_plugs_in_under_its_own_folder_name(addons_dir, start, manager):
    folder = make_addon(addons_dir, "atd_test_addon_1234", "both-sides")
    start(addons_dir=addons_dir, own_folder="5678")
    record = manager.record("both-sides")
    assert (record.state, record.source, record.location) == (ENABLED, "addon", str(folder))
    assert str(record.manifest.version) == "2.1.0"
    draft = {"tmpls": [{"qfmt": "{{Front}}", "afmt": " "}]}
    rules = [rule for plugin_id, rule in manager.collect("atd_lints") if plugin_id == "both-sides"]
    assert [d["message"] for d in rules[0].check(draft)] == ["empty back"]
    manager.notify("atd_designer_opened", notetype_id=None)
    counter = record.context.registry.get(sys.modules["atd_test_addon_1234"].Counter)
    assert counter.opened == 1, "its own service, registered under its own class"
    assert record.context.capabilities.notetypes_read is not None
    with pytest.raises(PluginPermissionError):
        _ = record.context.capabilities.files


def test_our_own_folder_and_plain_addons_are_not_plugins(addons_dir, start, manager):
    make_addon(addons_dir, "atd_test_addon_self", "ourselves")
    (addons_dir / "some_other_addon").mkdir()
    (addons_dir / "some_other_addon" / "__init__.py").write_text("")
    before = {s["id"] for s in manager.status()}
    start(addons_dir=addons_dir, own_folder="atd_test_addon_self")
    assert {s["id"] for s in manager.status()} == before


def test_an_addon_anki_did_not_load_is_reported(addons_dir, start, manager):
    make_addon(addons_dir, "atd_test_addon_off", "not-loaded", import_it=False)
    start(addons_dir=addons_dir)
    record = manager.record("not-loaded")
    assert record.state == FAILED
    assert record.errors == [
        "loading: ImportError: add-on atd_test_addon_off is not loaded (disabled in Anki?)"
    ]


def test_an_addon_without_the_attribute_is_reported(addons_dir, start, manager):
    make_addon(addons_dir, "atd_test_addon_bare", "no-attribute", attribute="")
    start(addons_dir=addons_dir)
    record = manager.record("no-attribute")
    assert record.state == FAILED
    assert record.errors == [
        "loading: ImportError: add-on atd_test_addon_bare has no top-level 'atd_plugin'"
    ]


def test_an_addon_with_a_bad_manifest_is_refused_naming_its_file(addons_dir, start, manager):
    folder = make_addon(
        addons_dir,
        "atd_test_addon_bad",
        "bad-addon",
        manifest={"id": "bad-addon", "name": "Bad", "version": "2.1.0", "sdk": "any"},
    )
    start(addons_dir=addons_dir)
    record = manager.record("atd_test_addon_bad")
    assert record.state == REFUSED
    assert record.errors == [
        f"invalid {folder / 'atd_plugin.json'}: /sdk: 'any' is not a version range (like >=1.0,<2)"
    ]


def test_an_addon_and_a_folder_plugin_cannot_share_an_id(addons_dir, plugins_dir, start, manager):
    from plugin_folders import make_plugin

    make_plugin(plugins_dir, "both-sides")
    folder = make_addon(addons_dir, "atd_test_addon_twin", "both-sides")
    start(addons_dir=addons_dir)
    record = manager.record("both-sides")
    assert record.source == "folder"
    assert record.errors == [
        f"{folder}: /id: 'both-sides' is already used by {plugins_dir / 'both-sides'}"
    ]


def test_an_addon_plugin_can_be_disabled_and_enabled(addons_dir, start, manager):
    make_addon(addons_dir, "atd_test_addon_toggle", "toggle-me")
    start(addons_dir=addons_dir)
    manager.disable("toggle-me")
    assert "toggle-me" not in [p for p, _rule in manager.collect("atd_lints")]
    assert manager.enable("toggle-me")
    assert "toggle-me" in [p for p, _rule in manager.collect("atd_lints")]
