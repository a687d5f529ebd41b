"""Enable, disable, unload and reload while Anki runs (no restart), and the plugins that
need another one: off while it is off, on again once it is on and the right version."""

import sys

import pytest
from plugin_folders import lint_messages, make_plugin, write_manifest
from plugin_market import package_bytes, plugin_files

from anki_template_designer.services.plugins import DISABLED, ENABLED, REFUSED, UNLOADED
from anki_template_designer.services.plugins.discovery import MODULE_PREFIX
from anki_template_designer.services.plugins.install import PluginInstaller

SERVICE_CODE = """
from atd_sdk import hookimpl

class Greeter:
    def hello(self):
        return "hello from {version}"

@hookimpl
def atd_register_services(context):
    context.registry.register_factory(Greeter, lambda registry: Greeter())
    context.registry.register_value("{id}.started", "{version}")
"""


def service_plugin(plugins_dir, plugin_id, version):
    return make_plugin(
        plugins_dir, plugin_id, SERVICE_CODE.format(id=plugin_id, version=version), version=version
    )


def test_disable_and_enable_take_effect_at_once(plugins_dir, start, manager, registry):
    service_plugin(plugins_dir, "greeter", "1.0.0")
    make_plugin(plugins_dir, "linter")
    start()
    assert registry.is_registered("greeter.started")
    manager.disable("greeter")
    assert manager.record("greeter").state == DISABLED
    assert not registry.is_registered("greeter.started"), "its services go with it"
    assert lint_messages(manager) == ["linter 1.0.0 "]
    manager.disable("linter")
    assert lint_messages(manager) == []
    assert manager.enable("linter") and manager.enable("greeter")
    assert registry.get("greeter.started") == "1.0.0"
    assert lint_messages(manager) == ["linter 1.0.0 "]


def test_a_reloaded_plugin_runs_its_changed_code(plugins_dir, start, manager):
    make_plugin(plugins_dir, "linter", note="first")
    start()
    assert lint_messages(manager) == ["linter 1.0.0 first"]
    make_plugin(plugins_dir, "linter", version="1.1.0", note="second")
    assert manager.reload("linter")
    assert lint_messages(manager) == ["linter 1.1.0 second"]
    assert str(manager.record("linter").manifest.version) == "1.1.0"


def test_a_reloaded_service_is_the_new_code(plugins_dir, start, manager):
    service_plugin(plugins_dir, "greeter", "1.0.0")
    start()
    context = manager.record("greeter").context
    greeter_class = sys.modules[MODULE_PREFIX + "greeter"].Greeter
    assert context.registry.get(greeter_class).hello() == "hello from 1.0.0"
    service_plugin(plugins_dir, "greeter", "2.0.0")
    assert manager.reload("greeter")
    fresh = sys.modules[MODULE_PREFIX + "greeter"].Greeter
    assert fresh is not greeter_class
    assert manager.record("greeter").context.registry.get(fresh).hello() == "hello from 2.0.0"


def test_unload_forgets_the_module_and_enable_imports_it_again(plugins_dir, start, manager):
    make_plugin(plugins_dir, "linter", note="before")
    start()
    manager.unload("linter")
    assert manager.record("linter").state == UNLOADED
    assert MODULE_PREFIX + "linter" not in sys.modules
    assert lint_messages(manager) == []
    make_plugin(plugins_dir, "linter", note="after")
    assert manager.enable("linter")
    assert lint_messages(manager) == ["linter 1.0.0 after"]


def test_a_reload_whose_manifest_broke_is_refused_with_the_reason(plugins_dir, start, manager):
    folder = make_plugin(plugins_dir, "linter")
    start()
    write_manifest(folder, {"id": "linter", "name": "Linter", "version": "soon", "sdk": ">=0"})
    assert not manager.reload("linter")
    record = manager.record("linter")
    assert record.state == REFUSED
    assert record.errors == [
        f"invalid {folder / 'plugin.json'}: /version: 'soon' is not a version (like 1.2.0)"
    ]
    assert lint_messages(manager) == []


def test_a_reload_of_a_deleted_folder_says_so(plugins_dir, start, manager):
    folder = make_plugin(plugins_dir, "linter")
    start()
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()
    assert not manager.reload("linter")
    assert manager.record("linter").errors == ["the folder is gone"]


def test_our_own_features_cannot_be_unloaded_and_unknown_ids_are_named(manager):
    with pytest.raises(ValueError, match="presets is part of the designer"):
        manager.unload("presets")
    with pytest.raises(LookupError, match="no plugin 'nobody'"):
        manager.enable("nobody")


def test_an_enable_that_cannot_be_met_is_refused_not_forced(plugins_dir, start, manager):
    make_plugin(plugins_dir, "from-future", sdk=">=9")
    start()
    assert not manager.enable("from-future")
    record = manager.record("from-future")
    assert record.state == REFUSED
    assert record.errors[-1].startswith("cannot enable: needs SDK >=9")
    assert MODULE_PREFIX + "from_future" not in sys.modules, "its code never ran"


# -- dependents follow what they need ------------------------------------------------------


def test_dependents_go_off_with_their_requirement_and_come_back_with_it(
    plugins_dir, start, manager
):
    make_plugin(plugins_dir, "base-pack")
    make_plugin(plugins_dir, "add-on-pack", requires={"base-pack": ">=1"})
    make_plugin(plugins_dir, "top-pack", requires={"add-on-pack": ""})
    start()
    manager.disable("base-pack")
    assert [manager.record(i).state for i in ("base-pack", "add-on-pack", "top-pack")] == [
        DISABLED
    ] * 3
    assert manager.enable("base-pack")
    assert lint_messages(manager) == [
        "base-pack 1.0.0 ",
        "add-on-pack 1.0.0 ",
        "top-pack 1.0.0 ",
    ]


def test_a_dependent_the_user_turned_off_stays_off(plugins_dir, start, manager):
    make_plugin(plugins_dir, "base-pack")
    make_plugin(plugins_dir, "add-on-pack", requires={"base-pack": ""})
    start()
    manager.disable("add-on-pack")
    manager.disable("base-pack")
    assert manager.enable("base-pack")
    assert manager.record("add-on-pack").state == DISABLED
    assert manager.reload("base-pack")
    assert manager.record("add-on-pack").state == DISABLED


def test_enabling_a_dependent_of_an_off_plugin_waits_for_it(plugins_dir, start, manager):
    make_plugin(plugins_dir, "base-pack")
    make_plugin(plugins_dir, "add-on-pack", requires={"base-pack": ""})
    start(disabled={"base-pack", "add-on-pack"})
    assert not manager.enable("add-on-pack")
    assert manager.record("add-on-pack").errors[-1] == (
        "cannot enable: needs base-pack, which is off"
    )
    assert manager.enable("base-pack")
    assert manager.record("add-on-pack").state == ENABLED


@pytest.fixture
def installer(registry):
    return registry.get(PluginInstaller)


def install(installer, tmp_path, plugin_id, version="1.0.0", **manifest):
    path = tmp_path / f"{plugin_id}-{version}.atdplugin"
    path.write_bytes(package_bytes(plugin_files(plugin_id, version, **manifest)))
    return installer.commit(installer.stage_file(path))


def font_versions(manager):
    """Which plugin at which version each running font lint is (`plugin_market`'s code)."""
    draft = {"tmpls": [{"qfmt": "<font>", "afmt": ""}]}
    return {
        plugin_id: rule.check(draft)[0]["message"]
        for plugin_id, rule in manager.collect("atd_lints")
        if not manager.record(plugin_id).builtin
    }


def test_after_an_update_its_dependents_start_again(installer, manager, tmp_path):
    install(installer, tmp_path, "base-pack", "1.0.0")
    install(installer, tmp_path, "add-on-pack", requires={"base-pack": ">=1,<2"})
    assert install(installer, tmp_path, "base-pack", "1.1.0").state == ENABLED
    assert manager.record("add-on-pack").state == ENABLED
    assert font_versions(manager) == {
        "base-pack": "use CSS instead of <font> (1.1.0)",
        "add-on-pack": "use CSS instead of <font> (1.0.0)",
    }
    assert manager.enabled_ids()[-2:] == ["base-pack", "add-on-pack"]


def test_an_update_out_of_a_dependents_range_refuses_it_with_the_reason(
    installer, manager, tmp_path
):
    install(installer, tmp_path, "base-pack", "1.0.0")
    install(installer, tmp_path, "add-on-pack", requires={"base-pack": ">=1,<2"})
    install(installer, tmp_path, "base-pack", "2.0.0")
    record = manager.record("add-on-pack")
    assert record.state == REFUSED
    assert record.errors == ["needs base-pack <2,>=1, but base-pack 2.0.0 is installed"]
    # and its own update that accepts 2.x starts it
    assert install(installer, tmp_path, "add-on-pack", "1.1.0", requires={"base-pack": ">=2"})
    assert manager.record("add-on-pack").state == ENABLED
    assert set(font_versions(manager)) == {"base-pack", "add-on-pack"}


def test_installing_a_missing_dependency_starts_what_waited_for_it(installer, manager, tmp_path):
    result = install(installer, tmp_path, "add-on-pack", requires={"base-pack": ">=1"})
    assert result.state == REFUSED
    install(installer, tmp_path, "base-pack")
    record = manager.record("add-on-pack")
    assert (record.state, record.errors) == (ENABLED, [])
    assert manager.enabled_ids()[-2:] == ["base-pack", "add-on-pack"]


def test_an_update_keeps_a_dependent_the_user_turned_off_off(installer, manager, tmp_path):
    install(installer, tmp_path, "base-pack", "1.0.0")
    install(installer, tmp_path, "add-on-pack", requires={"base-pack": ""})
    manager.disable("add-on-pack")
    install(installer, tmp_path, "base-pack", "1.1.0")
    assert manager.record("add-on-pack").state == DISABLED
    assert set(font_versions(manager)) == {"base-pack"}
