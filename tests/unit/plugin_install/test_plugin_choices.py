"""A plugin the user turns off stays off after a restart; on again, it stays on."""

from plugin_market import plugin_files

from anki_template_designer.sdk.testing import Bridge, registry_for
from anki_template_designer.services.plugins import PluginManager


def write_plugin(plugins_dir, plugin_id):
    for relative, data in plugin_files(plugin_id).items():
        path = plugins_dir / plugin_id / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def state_after_restart(tmp_path, plugin_id, call=None):
    """Start a registry (a profile opening), optionally call the bridge, close it."""
    registry = registry_for(tmp_path, plugins_dir=tmp_path / "plugins")
    try:
        manager = registry.get(PluginManager)
        state = manager.record(plugin_id).state
        if call is not None:
            Bridge(manager.bridge_methods()).ok(call, {"id": plugin_id})
        return state
    finally:
        registry.close()


def test_the_choice_survives_restarts(tmp_path):
    write_plugin(tmp_path / "plugins", "font-lint")
    write_plugin(tmp_path / "plugins", "other-lint")
    assert state_after_restart(tmp_path, "font-lint", "plugins.disable") == "enabled"
    assert state_after_restart(tmp_path, "font-lint") == "disabled"
    assert state_after_restart(tmp_path, "other-lint") == "enabled"  # only the one chosen
    assert state_after_restart(tmp_path, "font-lint", "plugins.enable") == "disabled"
    assert state_after_restart(tmp_path, "font-lint") == "enabled"


def test_a_broken_state_file_keeps_nothing_off(tmp_path):
    write_plugin(tmp_path / "plugins", "font-lint")
    state_file = tmp_path / "addon" / "user_files" / "plugin-state.json"
    for text in ["{not json", '{"disabled": "font-lint"}', "[]", "\xff"]:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(text, encoding="latin-1")
        assert state_after_restart(tmp_path, "font-lint") == "enabled"
    # and the next choice writes a good file again
    state_after_restart(tmp_path, "font-lint", "plugins.disable")
    assert state_after_restart(tmp_path, "font-lint") == "disabled"


def test_the_state_file_has_a_version_and_a_file_from_before_it_still_counts(tmp_path):
    import json

    write_plugin(tmp_path / "plugins", "font-lint")
    state_file = tmp_path / "addon" / "user_files" / "plugin-state.json"
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text('{"disabled": ["font-lint"]}')  # as 0.1.0 wrote it
    assert state_after_restart(tmp_path, "font-lint", "plugins.enable") == "disabled"
    assert json.loads(state_file.read_text()) == {"version": 1, "disabled": []}
