"""A plugin that raises, while loading or in any hook, is logged with its traceback,
disabled and reported; the other plugins and the designer's own features carry on."""

import logging

import pytest
from plugin_folders import events_of, lint_messages, make_plugin

from anki_template_designer.sdk.testing import Bridge
from anki_template_designer.services.plugins import ENABLED, FAILED

RAISES_ON_IMPORT = "raise RuntimeError('broken at import')"

RAISES_IN = {
    "atd_register_services": "def atd_register_services(context):\n    raise KeyError('svc')",
    "atd_lints": "def atd_lints(context):\n    raise ValueError('lint hook')",
    "atd_bridge_methods": "def atd_bridge_methods(context):\n    return 1 / 0",
    "atd_designer_opened": (
        "def atd_designer_opened(context, notetype_id):\n    raise OSError('event hook')"
    ),
}


def failures(plugin_log, plugin_id):
    return [
        r
        for r in plugin_log
        if r.levelno == logging.ERROR and r.getMessage().startswith(f"plugin {plugin_id} failed")
    ]


def test_a_plugin_raising_at_import_is_failed_logged_and_the_rest_run(
    plugins_dir, start, manager, plugin_log
):
    make_plugin(plugins_dir, "broken", RAISES_ON_IMPORT)
    make_plugin(plugins_dir, "healthy")
    start()
    record = manager.record("broken")
    assert record.state == FAILED
    assert record.errors == ["loading: RuntimeError: broken at import"]
    (logged,) = failures(plugin_log, "broken")
    assert logged.getMessage() == "plugin broken failed in loading; it is disabled"
    assert logged.exc_info[1].args == ("broken at import",), "the traceback is logged"
    assert lint_messages(manager) == ["healthy 1.0.0 "]
    assert {s["id"]: s["state"] for s in manager.status()}["broken"] == FAILED


def test_a_syntax_error_is_reported_like_any_failure(plugins_dir, start, manager):
    make_plugin(plugins_dir, "typo", "def atd_lints(context:\n    return []")
    start()
    record = manager.record("typo")
    assert record.state == FAILED
    assert record.errors[0].startswith("loading: SyntaxError:")


@pytest.mark.parametrize("hook", sorted(RAISES_IN))
def test_a_plugin_raising_in_a_hook_is_disabled_and_the_others_carry_on(
    plugins_dir, start, manager, plugin_log, hook
):
    make_plugin(plugins_dir, "broken", "from atd_sdk import hookimpl\n" + RAISES_IN[hook])
    make_plugin(plugins_dir, "healthy")
    start()
    for _ in range(2):  # every hook, twice: the second time the broken one is off
        manager.notify("atd_designer_opened", notetype_id=None)
        manager.bridge_methods()
        manager.collect("atd_lints")
    record = manager.record("broken")
    assert record.state == FAILED
    assert len(record.errors) == 1 and record.errors[0].startswith(f"{hook}: ")
    assert len(failures(plugin_log, "broken")) == 1, "logged once, then off"
    # the others were called (and still are), the broken one no more
    assert lint_messages(manager) == ["healthy 1.0.0 "]
    assert events_of("atd_designer_opened") == ["healthy", "healthy"]
    bridge = Bridge(manager.bridge_methods())
    assert bridge.ok("onboarding.state") is not None, "the designer's own methods answer"


def test_a_failed_plugins_dependents_go_off_and_return_when_it_is_fixed(
    plugins_dir, start, manager
):
    make_plugin(plugins_dir, "base-pack", "from atd_sdk import hookimpl\n" + RAISES_IN["atd_lints"])
    make_plugin(plugins_dir, "add-on-pack", requires={"base-pack": ""})
    start()
    assert manager.record("add-on-pack").state == ENABLED
    lint_messages(manager)
    assert manager.record("base-pack").state == FAILED
    assert manager.record("add-on-pack").state == "disabled"
    make_plugin(plugins_dir, "base-pack")  # the author ships a fix
    assert manager.reload("base-pack")
    assert manager.record("add-on-pack").state == ENABLED
    assert lint_messages(manager) == ["base-pack 1.0.0 ", "add-on-pack 1.0.0 "]


METHOD_CODE = """
from atd_sdk import BridgeError, ErrorCode, Method, hookimpl, params

def hello(request):
    if request.get("name") == "bug":
        raise ZeroDivisionError("a bug")
    if request.get("name") == "nobody":
        raise BridgeError(ErrorCode.INVALID_PARAMS, "who?")
    return {"hello": request["name"]}

@hookimpl
def atd_bridge_methods(context):
    return [Method("speaker.hello", hello, params({"name": {"type": "string"}}, ["name"]))]
"""


def test_a_bridge_method_that_raises_a_bug_disables_its_plugin_not_the_designer(
    plugins_dir, start, manager, plugin_log
):
    make_plugin(plugins_dir, "speaker", METHOD_CODE, permissions=["bridge:speaker.hello"])
    start()
    bridge = Bridge(manager.bridge_methods())
    assert bridge.ok("speaker.hello", {"name": "Ann"}) == {"hello": "Ann"}
    error = bridge.error("speaker.hello", {"name": "nobody"})
    assert (error["code"], error["message"]) == ("invalid_params", "who?")
    assert manager.record("speaker").state == ENABLED, "an expected failure is no bug"
    assert bridge.error("speaker.hello", {"name": "bug"})["code"] == "internal"
    assert manager.record("speaker").state == FAILED
    assert manager.record("speaker").errors == ["speaker.hello: ZeroDivisionError: a bug"]
    assert failures(plugin_log, "speaker")
    # the window's dispatcher still has the method; calling it is now a clear refusal
    assert "speaker is off" in bridge.error("speaker.hello", {"name": "Ann"})["message"]
    assert bridge.ok("onboarding.state") is not None, "the designer's own methods still answer"


def test_a_misspelt_hook_is_refused_at_registration(plugins_dir, start, manager):
    make_plugin(plugins_dir, "typo", "def atd_lintz(context):\n    return []")
    make_plugin(plugins_dir, "wrong-arg", "def atd_lints(ctx):\n    return []")
    start()
    for plugin_id, word in (("typo", "atd_lintz"), ("wrong-arg", "ctx")):
        record = manager.record(plugin_id)
        assert record.state == FAILED
        assert record.errors[0].startswith("registering: ")
        assert word in record.errors[0]
