"""A plugin gets capability objects for exactly what its manifest declares; anything else
is a `PluginPermissionError`, logged on the plugin's own logger. Files stay inside its
data folder, the network reaches only the hosts it names (a real server on 127.0.0.1),
and bridge methods must be declared, under its own id and not taken."""

import logging

import pytest
from plugin_folders import make_plugin
from plugin_market import MarketServer

from anki_template_designer.sdk.bridge import Method
from anki_template_designer.services.plugins import ENABLED, FAILED, PluginManager
from anki_template_designer.services.plugins import PluginPermissionError as Refused

HOOKS = "from atd_sdk import Method, hookimpl, params\n"


@pytest.fixture(scope="module")
def server():
    market = MarketServer()
    market.publish("/hello.txt", b"hello from 127.0.0.1")
    yield market
    market.close()


def started(plugins_dir, start, manager, plugin_id, code=HOOKS, **manifest):
    make_plugin(plugins_dir, plugin_id, code, **manifest)
    start()
    record = manager.record(plugin_id)
    assert record.state == ENABLED, record.errors
    return record.context


def refusals(plugin_log, plugin_id):
    return [
        r.getMessage()
        for r in plugin_log
        if r.name == f"atd_test.plugins.{plugin_id}" and r.levelno == logging.WARNING
    ]


@pytest.mark.parametrize(
    ("capability", "permission"),
    [
        ("files", "files"),
        ("notetypes_read", "notetypes:read"),
        ("notetypes_write", "notetypes:write"),
    ],
)
def test_an_undeclared_capability_is_refused_and_logged(
    plugins_dir, start, manager, plugin_log, capability, permission
):
    context = started(plugins_dir, start, manager, "modest", permissions=[])
    expected = f"plugin 'modest' is not allowed '{permission}': its plugin.json does not declare it"
    with pytest.raises(Refused) as caught:
        getattr(context.capabilities, capability)
    assert str(caught.value) == expected
    assert refusals(plugin_log, "modest") == [f"permission refused: {expected}"]


def test_a_declared_capability_is_handed_out(plugins_dir, start, manager):
    context = started(
        plugins_dir, start, manager, "reader", permissions=["notetypes:read", "files"]
    )
    assert context.capabilities.notetypes_read is not None
    with pytest.raises(Refused, match="'notetypes:write'"):
        _ = context.capabilities.notetypes_write


def test_an_overreach_inside_a_hook_disables_the_plugin(plugins_dir, start, manager, plugin_log):
    code = HOOKS + (
        "@hookimpl\ndef atd_designer_opened(context, notetype_id):\n"
        "    context.capabilities.files.write_text('x.txt', 'x')\n"
    )
    started(plugins_dir, start, manager, "sneaky", code, permissions=[])
    manager.notify("atd_designer_opened", notetype_id=None)
    record = manager.record("sneaky")
    assert record.state == FAILED
    assert record.errors == [
        "atd_designer_opened: PluginPermissionError: plugin 'sneaky' is not allowed "
        "'files': its plugin.json does not declare it"
    ]
    assert refusals(plugin_log, "sneaky")


# -- files ---------------------------------------------------------------------------------


def test_files_live_in_the_plugins_own_data_folder(plugins_dir, start, manager, tmp_path):
    files = started(plugins_dir, start, manager, "keeper").capabilities.files
    files.write_text("notes/today.txt", "kept")
    assert files.read_text("notes/today.txt") == "kept"
    data_dir = tmp_path / "profile" / "addon" / "user_files" / "plugin-data" / "keeper"
    assert (data_dir / "notes" / "today.txt").read_text() == "kept"


@pytest.mark.parametrize(
    "path", ["../escape.txt", "notes/../../escape.txt", "/etc/passwd", "../other-plugin/a.txt"]
)
def test_files_outside_the_folder_are_refused(plugins_dir, start, manager, plugin_log, path):
    files = started(plugins_dir, start, manager, "keeper").capabilities.files
    with pytest.raises(Refused, match=f"file {path!r} is outside the plugin's folder"):
        files.write_text(path, "x")
    with pytest.raises(Refused):
        files.read_text(path)
    assert not (files.root.parent / "escape.txt").exists()
    assert len(refusals(plugin_log, "keeper")) == 2


def test_a_link_out_of_the_folder_is_refused(plugins_dir, start, manager, tmp_path):
    files = started(plugins_dir, start, manager, "keeper").capabilities.files
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    files.root.mkdir(parents=True, exist_ok=True)
    (files.root / "link.txt").symlink_to(outside)
    with pytest.raises(Refused, match=r"'link\.txt' is outside"):
        files.read_text("link.txt")
    with pytest.raises(Refused):
        files.write_text("link.txt", "overwritten")
    assert outside.read_text() == "secret"


# -- network -------------------------------------------------------------------------------


def test_the_network_reaches_the_named_host(plugins_dir, start, manager, server):
    context = started(plugins_dir, start, manager, "fetcher", permissions=["network:127.0.0.1"])
    assert context.capabilities.network.get(server.base + "/hello.txt") == b"hello from 127.0.0.1"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:{port}/hello.txt",  # the same machine, but not the name declared
        "http://127.0.0.1.example.com:{port}/hello.txt",
        "http://127.0.0.1@example.com:{port}/hello.txt",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/hello.txt",
        "127.0.0.1/hello.txt",
    ],
)
def test_the_network_refuses_any_other_host_or_scheme(
    plugins_dir, start, manager, plugin_log, server, url
):
    context = started(plugins_dir, start, manager, "fetcher", permissions=["network:127.0.0.1"])
    before = list(server.requested)
    address = url.format(port=server.httpd.server_address[1])
    with pytest.raises(Refused, match=r"network access to .* \(allowed: \['127.0.0.1'\]\)"):
        context.capabilities.network.get(address)
    assert server.requested == before, "nothing was sent"
    assert refusals(plugin_log, "fetcher")


def test_a_redirect_to_an_unnamed_host_is_refused(plugins_dir, start, manager, server):
    port = server.httpd.server_address[1]
    server.redirects["/away"] = f"http://localhost:{port}/hello.txt"
    server.redirects["/here"] = "/hello.txt"
    context = started(plugins_dir, start, manager, "fetcher", permissions=["network:127.0.0.1"])
    assert context.capabilities.network.get(server.base + "/here") == b"hello from 127.0.0.1"
    before = len(server.requested)
    with pytest.raises(Refused, match="localhost"):
        context.capabilities.network.get(server.base + "/away")
    assert server.requested[before:] == ["/away"], "the redirect was not followed"


def test_no_network_permission_means_no_network(plugins_dir, start, manager):
    context = started(plugins_dir, start, manager, "offline", permissions=["files"])
    with pytest.raises(Refused, match=r"network access: its plugin\.json names no host"):
        _ = context.capabilities.network


# -- the registry a plugin sees --------------------------------------------------------------


def test_a_plugin_sees_only_its_own_services(plugins_dir, start, manager):
    registry = started(plugins_dir, start, manager, "loner").registry
    registry.register_value("loner.count", 1)
    assert registry.get("loner.count") == 1
    with pytest.raises(Refused, match="service 'PluginManager'"):
        registry.get(PluginManager)
    with pytest.raises(Refused, match=r"service 'other\.count'"):
        registry.register_value("other.count", 2)
    with pytest.raises(Refused, match=r"service 'lonerism\.count'"):
        registry.register_value("lonerism.count", 3)


# -- bridge methods --------------------------------------------------------------------------


def method_plugin(*names, permission=None):
    methods = ", ".join(
        f"Method({name!r}, lambda request: {name!r}, params({{}}), {permission!r})"
        for name in names
    )
    return HOOKS + f"@hookimpl\ndef atd_bridge_methods(context):\n    return [{methods}]\n"


def plugin_method_names(manager):
    return [m.name for m in manager.bridge_methods() if m.name.startswith("talker")]


def test_a_declared_method_under_its_own_id_is_added(plugins_dir, start, manager):
    started(
        plugins_dir,
        start,
        manager,
        "talker",
        method_plugin("talker.hello"),
        permissions=["bridge:talker.hello"],
    )
    assert plugin_method_names(manager) == ["talker.hello"]


@pytest.mark.parametrize(
    ("names", "declared", "problem"),
    [
        (
            ["talker.hello"],
            [],
            "bridge method 'talker.hello' needs permission 'bridge:talker.hello'",
        ),
        (["talker.hello"], ["bridge:talker.bye"], "needs permission 'bridge:talker.hello'"),
        (["other.hello"], ["bridge:other.hello"], "'other.hello' must be named talker.<name>"),
        (["talkers.hi"], ["bridge:talkers.hi"], "'talkers.hi' must be named talker.<name>"),
        (["presets.list"], ["bridge:presets.list"], "'presets.list' is already added by presets"),
        (
            ["talker.hello", "talker.hello"],
            ["bridge:talker.hello"],
            "bridge method 'talker.hello' is already added by talker",
        ),
    ],
)
def test_an_undeclared_foreign_or_taken_method_is_refused(
    plugins_dir, start, manager, plugin_log, names, declared, problem
):
    started(plugins_dir, start, manager, "talker", method_plugin(*names), permissions=declared)
    methods = manager.bridge_methods()
    accepted = names[:1] if len(names) == 2 else []  # only a twin's first copy gets in
    assert [m.name for m in methods if m.name.startswith("talker")] == accepted
    assert problem in manager.record("talker").errors[-1]
    assert any(problem in r.getMessage() for r in plugin_log)
    assert manager.record("talker").state == ENABLED, "refusing a method is not a failure"
    presets_list = [m for m in methods if m.name == "presets.list"]
    assert len(presets_list) == 1 and presets_list[0].permission is None, "ours are untouched"


def test_a_method_needing_a_capability_needs_it_declared(plugins_dir, start, manager):
    started(
        plugins_dir,
        start,
        manager,
        "talker",
        method_plugin("talker.save", permission="notetypes:write"),
        permissions=["bridge:talker.save"],
    )
    assert plugin_method_names(manager) == []
    assert "needs permission 'notetypes:write'" in manager.record("talker").errors[-1]


def test_something_that_is_not_a_method_is_refused(plugins_dir, start, manager):
    code = HOOKS + "@hookimpl\ndef atd_bridge_methods(context):\n    return ['talker.hello']\n"
    started(plugins_dir, start, manager, "talker", code, permissions=["bridge:talker.hello"])
    assert plugin_method_names(manager) == []
    assert manager.record("talker").errors[-1] == "atd_bridge_methods returned str, not a Method"


def test_a_plugin_folder_taking_a_builtin_id_never_runs(plugins_dir, start, manager):
    make_plugin(plugins_dir, "presets", "raise SystemExit('must never run')")
    start()
    record = manager.record("presets")
    assert record.builtin and record.state == ENABLED
    assert record.errors == [
        f"{plugins_dir / 'presets'}: /id: 'presets' is already used by {record.location}"
    ]
    assert isinstance(next(m for m in manager.bridge_methods() if m.name == "presets.list"), Method)


SERVICE_CODE = """
from atd_sdk import hookimpl

class Secret:
    value = "only mine"

@hookimpl
def atd_register_services(context):
    context.registry.register_factory(Secret, lambda registry: Secret())
"""


def test_a_plugin_whose_id_starts_like_another_cannot_get_its_services(plugins_dir, start, manager):
    make_plugin(plugins_dir, "my-lint", SERVICE_CODE)
    make_plugin(plugins_dir, "my", HOOKS)
    start()
    owner = manager.record("my-lint")
    secret_class = type(owner.context.registry.get(owner.implementation.Secret))
    assert owner.context.registry.get(secret_class).value == "only mine"
    with pytest.raises(Refused, match="service 'Secret'"):
        manager.record("my").context.registry.get(secret_class)


def test_ids_that_would_share_a_module_are_refused(plugins_dir, start, manager):
    make_plugin(plugins_dir, "font-lint", note="dash")
    make_plugin(plugins_dir, "font_lint", "raise SystemExit('must never run')")
    start()
    assert manager.record("font-lint").state == ENABLED
    record = manager.record("font_lint")
    assert record.state == "refused"
    assert record.errors == [
        f"{plugins_dir / 'font_lint' / 'plugin.json'}: /id: 'font_lint' would share its "
        "Python module with 'font-lint' (- and _ are the same there); choose another id"
    ]
    manager.unload("font-lint")
    assert manager.enable("font-lint")
    from plugin_folders import lint_messages

    assert lint_messages(manager) == ["font-lint 1.0.0 dash"]
