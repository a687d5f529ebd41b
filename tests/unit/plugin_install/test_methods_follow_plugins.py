"""The open designer's bridge allowlist follows the plugins (no reopen): a plugin installed,
enabled, disabled, uninstalled or failing mid-session adds or loses its methods at once.
Real plugin manager, installer and dispatcher; the plugin is a real package."""

import logging

import pytest
from conftest import settle
from plugin_market import bridge_plugin_files, package_bytes

from anki_template_designer.gui.plugin_methods import follow_plugin_methods
from anki_template_designer.sdk import Method, params
from anki_template_designer.sdk.testing import Bridge
from anki_template_designer.services.plugins.changes import PluginChanges


@pytest.fixture(autouse=True)
def sdk_alias(manager, tmp_path):
    """What profile open does first: `import atd_sdk` works for plugin code (no plugins yet)."""
    manager.discover(tmp_path / "no-plugins-yet", None, "")


@pytest.fixture
def live(manager):
    """A dispatcher built once, as the dialog builds it, then following the plugins."""
    bridge = Bridge(manager.bridge_methods())
    unfollow = follow_plugin_methods(bridge.dispatcher, manager)
    yield bridge
    unfollow()


def install(live, hosts, tmp_path, plugin_id="greeter", version="1.0.0", files=None):
    path = tmp_path / f"{plugin_id}-{version}.atdplugin"
    path.write_bytes(package_bytes(files or bridge_plugin_files(plugin_id, version)))
    hosts.open_path = str(path)
    return settle(live, "plugins.installFile")


def test_a_plugin_installed_mid_session_answers_at_once(live, hosts, tmp_path):
    assert live.error("greeter.hello", {"name": "x"})["code"] == "unknown_method"
    reply = install(live, hosts, tmp_path)
    assert reply["ok"] and reply["result"]["state"] == "enabled", reply
    assert live.ok("greeter.hello", {"name": "Ada"}) == {
        "greeting": "hello Ada",
        "version": "1.0.0",
    }
    # its params are checked like every method's
    assert live.error("greeter.hello", {"name": 3})["code"] == "invalid_params"


def test_disable_enable_update_and_uninstall_follow_through(live, hosts, tmp_path):
    install(live, hosts, tmp_path)
    live.ok("plugins.disable", {"id": "greeter"})
    assert live.error("greeter.hello", {"name": "x"})["code"] == "unknown_method"
    live.ok("plugins.enable", {"id": "greeter"})
    assert live.ok("greeter.hello", {"name": "x"})["version"] == "1.0.0"
    assert install(live, hosts, tmp_path, version="1.1.0")["result"]["action"] == "updated"
    assert live.ok("greeter.hello", {"name": "x"})["version"] == "1.1.0", "the new code answers"
    live.ok("plugins.uninstall", {"id": "greeter"})
    assert live.error("greeter.hello", {"name": "x"})["code"] == "unknown_method"
    assert "plugins.list" in live.dispatcher.method_names, "our own methods stay"


def test_a_method_that_raises_turns_its_plugin_off_and_its_methods_go(live, hosts, tmp_path):
    files = bridge_plugin_files("crashy")
    files["plugin.py"] = files["plugin.py"].replace(
        b'return {"greeting"', b'raise RuntimeError("bug in crashy")\n        return {"greeting"'
    )
    install(live, hosts, tmp_path, "crashy", files=files)
    error = live.error("crashy.hello", {"name": "x"})
    assert error["code"] == "internal" and "bug in crashy" in error["message"], error
    assert live.error("crashy.hello", {"name": "x"})["code"] == "unknown_method"
    row = next(p for p in live.ok("plugins.list")["plugins"] if p["id"] == "crashy")
    assert row["state"] == "failed" and "bug in crashy" in row["errors"][-1]


def test_a_plugin_whose_method_list_raises_is_turned_off_while_the_list_is_rebuilt(
    live, hosts, tmp_path
):
    files = bridge_plugin_files("badlist")
    files["plugin.py"] = b"def atd_bridge_methods(context):\n    raise ValueError('no list')\n"
    reply = install(live, hosts, tmp_path, "badlist", files=files)
    # installed and started, then turned off by the rebuild its change caused
    assert reply["ok"], reply
    row = next(p for p in live.ok("plugins.list")["plugins"] if p["id"] == "badlist")
    assert row["state"] == "failed" and "no list" in row["errors"][-1], row
    assert not [n for n in live.dispatcher.method_names if n.startswith("badlist.")]
    assert "plugins.list" in live.dispatcher.method_names


def test_a_table_with_a_name_twice_is_refused_and_the_old_one_kept(live):
    before = live.dispatcher.method_names
    method = Method("x.same", lambda _p: None, params({}))
    with pytest.raises(ValueError, match=r"'x\.same' registered twice"):
        live.dispatcher.replace_methods([method, method])
    assert live.dispatcher.method_names == before


def test_a_closed_designer_stops_following(manager, hosts, tmp_path):
    bridge = Bridge(manager.bridge_methods())
    unfollow = follow_plugin_methods(bridge.dispatcher, manager)
    unfollow()
    install(bridge, hosts, tmp_path)
    assert bridge.error("greeter.hello", {"name": "x"})["code"] == "unknown_method"
    unfollow()  # twice is harmless


def test_one_change_of_several_steps_is_told_once(manager, hosts, tmp_path, live):
    told = []
    unsubscribe = manager.changes.subscribe(lambda: told.append(manager.changes.generation))
    install(live, hosts, tmp_path)
    assert len(told) == 1, told
    live.ok("plugins.disable", {"id": "greeter"})
    assert len(told) == 2, told
    live.ok("plugins.disable", {"id": "greeter"})  # already off: nothing changed
    assert len(told) == 2, told
    unsubscribe()


def test_a_listener_that_changes_plugins_is_not_reentered_and_hears_the_change_after():
    changes = PluginChanges()
    calls = []

    def listener():
        calls.append(changes.generation)
        if len(calls) == 1:
            changes.changed()  # e.g. a plugin failed while its methods were collected

    changes.subscribe(listener)
    with changes.step():
        changes.changed()
        changes.changed()
        assert calls == []
    assert calls == [2, 3]


def test_a_failing_listener_is_logged_and_the_others_still_hear(caplog):
    changes = PluginChanges()
    heard = []
    changes.subscribe(lambda: 1 / 0)
    changes.subscribe(lambda: heard.append(True))
    with caplog.at_level(logging.ERROR):
        changes.changed()
    assert heard == [True]
    assert "plugin-change listener failed" in caplog.text
