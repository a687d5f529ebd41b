"""The Python side of JS plugins: which blocks and modules the page gets, module paths
confined to the plugin's folder, worker content cleaned, worker failures kept."""

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.plugins.js_modules import MAX_MODULE_BYTES
from anki_template_designer.services.plugins.manifest import parse_manifest
from anki_template_designer.services.validation import ValidationFailed

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "plugins"

BLOCKS_PLUGIN = """
from atd_sdk import CanvasBlock, hookimpl

@hookimpl
def atd_canvas_blocks(context):
    return [CanvasBlock(b["id"], b["label"], b["module"], b.get("category", "Plugins"))
            for b in {blocks!r}]
"""


def write_blocks_plugin(root, plugin_id, blocks, permissions=("canvas:blocks",), files=None):
    folder = root / plugin_id
    folder.mkdir(parents=True)
    manifest = {"id": plugin_id, "name": plugin_id.title(), "version": "1.0", "sdk": ">=0.1,<2"}
    manifest["permissions"] = list(permissions)
    (folder / "plugin.json").write_text(json.dumps(manifest))
    (folder / "plugin.py").write_text(textwrap.dedent(BLOCKS_PLUGIN.format(blocks=blocks)))
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return folder


@pytest.fixture
def plugins_dir(tmp_path):
    root = tmp_path / "plugins"
    root.mkdir()
    shutil.copytree(EXAMPLES / "mathjax_block", root / "mathjax_block")
    return root


def bridge_for(tmp_path, plugins_dir):
    registry = registry_for(tmp_path / "reg", plugins_dir=plugins_dir)
    plain_hosts(registry)
    manager = registry.get(PluginManager)
    return registry, manager, Bridge(manager.bridge_methods())


def test_the_mathjax_example_declares_its_blocks_and_module(tmp_path, plugins_dir):
    registry, manager, bridge = bridge_for(tmp_path, plugins_dir)
    try:
        assert manager.record("mathjax_block").state == "enabled", manager.record("mathjax_block")
        listing = bridge.ok("jsPlugins.blocks")
        assert listing == {
            "plugins": [
                {
                    "id": "mathjax_block",
                    "name": "MathJax blocks",
                    "permissions": ["canvas:blocks", "canvas:panels"],
                    "modules": [
                        {
                            "path": "blocks.js",
                            "blocks": [
                                {
                                    "id": "math-inline",
                                    "label": "Math (MathJax)",
                                    "module": "blocks.js",
                                    "category": "Math",
                                    "metadata": {"icon": "x²"},
                                },
                                {
                                    "id": "math-display",
                                    "label": "Display math (MathJax)",
                                    "module": "blocks.js",
                                    "category": "Math",
                                    "metadata": {"icon": "∫"},
                                },
                            ],
                            "panels": [],
                        },
                        {
                            "path": "panel.js",
                            "blocks": [],
                            "panels": [
                                {"id": "math-help", "title": "Math help", "module": "panel.js"}
                            ],
                        },
                    ],
                    "errors": [],
                }
            ]
        }
        for module in ("blocks.js", "panel.js"):
            text = bridge.ok("jsPlugins.module", {"plugin": "mathjax_block", "path": module})
            assert text == {"text": (plugins_dir / "mathjax_block" / module).read_text()}
    finally:
        registry.close()


@pytest.mark.parametrize(
    ("module", "reason"),
    [
        ("../outside.js", "'.' or '..' segments"),
        ("sub/../../outside.js", "'.' or '..' segments"),
        ("/etc/passwd.js", "relative path to a .js file"),
        ("C:/x.js", "relative path to a .js file"),
        ("sub\\x.js", "relative path to a .js file"),
        ("plugin.py", "relative path to a .js file"),
        ("blocks.js.txt", "relative path to a .js file"),
        ("", "relative path to a .js file"),
    ],
)
def test_a_block_with_a_module_path_outside_the_rules_is_left_out_and_named(
    tmp_path, module, reason
):
    root = tmp_path / "plugins"
    blocks = [{"id": "good", "label": "Good", "module": "good.js"}]
    blocks.append({"id": "bad", "label": "Bad", "module": module})
    write_blocks_plugin(root, "paths", blocks, files={"good.js": "atd.log('info', 'x')"})
    registry, _manager, bridge = bridge_for(tmp_path, root)
    try:
        (plugin,) = bridge.ok("jsPlugins.blocks")["plugins"]
        assert [m["path"] for m in plugin["modules"]] == ["good.js"]
        assert len(plugin["errors"]) == 1 and reason in plugin["errors"][0], plugin["errors"]
        assert repr(module) in plugin["errors"][0]
        error = bridge.error("jsPlugins.module", {"plugin": "paths", "path": module or "x.js"})
        assert error["code"] == "invalid_params"
    finally:
        registry.close()


def test_module_reads_are_confined_size_capped_and_utf8(tmp_path):
    root = tmp_path / "plugins"
    outside = tmp_path / "secret.js"
    outside.write_text("secret")
    blocks = [
        {"id": "link", "label": "Link", "module": "link.js"},
        {"id": "big", "label": "Big", "module": "big.js"},
        {"id": "bytes", "label": "Bytes", "module": "bytes.js"},
        {"id": "gone", "label": "Gone", "module": "gone.js"},
        {"id": "nested", "label": "Nested", "module": "lib/nested.js"},
    ]
    files = {
        "big.js": "x" * (MAX_MODULE_BYTES + 1),
        "bytes.js": b"atd.log('\xff')",
        "lib/nested.js": "atd.log('info', 'nested')",
    }
    folder = write_blocks_plugin(root, "hostile", blocks, files=files)
    os.symlink(outside, folder / "link.js")
    registry, _manager, bridge = bridge_for(tmp_path, root)

    def refused(path):
        error = bridge.error("jsPlugins.module", {"plugin": "hostile", "path": path})
        assert error["code"] == "invalid_params", error
        assert "plugin hostile" in error["message"] and path in error["message"], error
        return error["message"]

    try:
        assert "outside its folder" in refused("link.js")
        assert f"at most {MAX_MODULE_BYTES}" in refused("big.js")
        assert "not UTF-8" in refused("bytes.js")
        assert "does not exist" in refused("gone.js")
        assert "declares no module" in refused("plugin.js")
        nested = {"plugin": "hostile", "path": "lib/nested.js"}
        assert bridge.ok("jsPlugins.module", nested) == {"text": "atd.log('info', 'nested')"}
    finally:
        registry.close()


def test_modules_of_a_disabled_or_unknown_plugin_are_refused(tmp_path, plugins_dir):
    registry, manager, bridge = bridge_for(tmp_path, plugins_dir)
    try:
        manager.disable("mathjax_block")
        assert bridge.ok("jsPlugins.blocks") == {"plugins": []}
        error = bridge.error("jsPlugins.module", {"plugin": "mathjax_block", "path": "blocks.js"})
        assert "not an enabled third-party plugin" in error["message"]
        assert bridge.error("jsPlugins.module", {"plugin": "nobody", "path": "a.js"})["code"] == (
            "not_found"
        )
        assert bridge.error("jsPlugins.module", {"plugin": "core", "path": "a.js"})["code"] == (
            "invalid_params"
        )
    finally:
        registry.close()


def test_worker_content_is_cleaned_of_scripts_handlers_and_remote_urls(tmp_path, plugins_dir):
    registry, _manager, bridge = bridge_for(tmp_path, plugins_dir)
    hostile = (
        '<div class="m">\\(x^2\\)<script>pycmd("atd:{}")</script>'
        '<img src="x.png" onerror="top.pwned=1"><a href="javascript:alert(1)">a</a>'
        '<img src="https://tracker.example/p.gif">{{Front}}</div>'
    )
    try:
        cleaned = bridge.ok("jsPlugins.clean", {"plugin": "mathjax_block", "content": hostile})
        assert cleaned["text"] == (
            '<div class="m">\\(x^2\\)<img src="x.png"><a>a</a><img>{{Front}}</div>'
        )
        kinds = sorted(r["kind"] for r in cleaned["removed"])
        assert kinds == ["event-handler", "javascript-url", "remote-url", "script"]
        math = "\\[\\int_0^1 x\\,dx\\]"
        assert bridge.ok("jsPlugins.clean", {"plugin": "mathjax_block", "content": math}) == {
            "text": math,
            "removed": [],
        }
        too_long = {"plugin": "mathjax_block", "content": "x" * (64 * 1024 + 1)}
        assert bridge.error("jsPlugins.clean", too_long)["code"] == "invalid_params"
    finally:
        registry.close()


def test_a_worker_failure_reported_by_the_page_is_kept_with_the_plugin(tmp_path, plugins_dir):
    registry, manager, bridge = bridge_for(tmp_path, plugins_dir)
    try:
        reason = "blocks.js did not start within 2000 ms; it was terminated"
        assert bridge.ok("jsPlugins.report", {"plugin": "mathjax_block", "reason": reason}) is None
        bridge.ok("jsPlugins.report", {"plugin": "mathjax_block", "reason": reason})
        assert manager.record("mathjax_block").errors == [f"JS worker: {reason}"]
        rows = {p["id"]: p for p in bridge.ok("plugins.list")["plugins"]}
        assert rows["mathjax_block"]["errors"] == [f"JS worker: {reason}"]
        builtin = bridge.error("jsPlugins.report", {"plugin": "core", "reason": reason})
        assert builtin["code"] == "invalid_params" and manager.record("core").errors == []
    finally:
        registry.close()


def test_canvas_blocks_and_panels_are_permissions_a_manifest_may_declare():
    base = {"id": "p-x", "name": "P", "version": "1.0", "sdk": ">=0.1"}
    both = ["canvas:blocks", "canvas:panels"]
    assert parse_manifest({**base, "permissions": both}, "p.json").permissions == set(both)
    with pytest.raises(ValidationFailed, match="/permissions/0"):
        parse_manifest({**base, "permissions": ["canvas:everything"]}, "p.json")


ODD_BLOCKS_PLUGIN = """
from atd_sdk import CanvasBlock, hookimpl

@hookimpl
def atd_canvas_blocks(context):
    return [
        CanvasBlock("fine", "Fine", "a.js"),
        CanvasBlock("fine", "Twice", "a.js"),
        CanvasBlock("Bad Id", "Bad", "a.js"),
        CanvasBlock("long", "x" * 101, "a.js"),
        CanvasBlock("empty-category", "Empty", "a.js", category=""),
        {"id": "dict", "label": "Not a block", "module": "a.js"},
    ]
"""


def test_blocks_that_are_not_well_formed_are_left_out_and_each_is_named(tmp_path):
    root = tmp_path / "plugins"
    folder = write_blocks_plugin(root, "odd", [], files={"a.js": "atd.log('info', 'a')"})
    (folder / "plugin.py").write_text(textwrap.dedent(ODD_BLOCKS_PLUGIN))
    registry, manager, bridge = bridge_for(tmp_path, root)
    try:
        (plugin,) = bridge.ok("jsPlugins.blocks")["plugins"]
        assert [b["id"] for m in plugin["modules"] for b in m["blocks"]] == ["fine"]
        errors = plugin["errors"]
        assert errors == [
            "block id 'fine' is declared twice",
            "block id 'Bad Id' must match ^[a-z][a-z0-9_-]{0,63}$",
            "block 'long': label and category must be 1-100 characters",
            "block 'empty-category': label and category must be 1-100 characters",
            "atd_canvas_blocks returned dict, not a CanvasBlock",
        ]
        assert manager.record("odd").state == "enabled"  # its good block still works
    finally:
        registry.close()


ODD_PANELS_PLUGIN = """
from atd_sdk import CanvasBlock, Panel, hookimpl

@hookimpl
def atd_canvas_blocks(context):
    return [CanvasBlock("tile", "Tile", "shared.js")]

@hookimpl
def atd_panels(context):
    return [
        Panel("stats", "Field stats", "shared.js"),
        Panel("help", "Help", "help/panel.js"),
        Panel("stats", "Twice", "shared.js"),
        Panel("Bad Id", "Bad", "shared.js"),
        Panel("long", "x" * 41, "shared.js"),
        Panel("blank", "   ", "shared.js"),
        Panel("escape", "Escape", "../outside.js"),
        Panel("python", "Python", "panel.py"),
        CanvasBlock("block", "A block", "shared.js"),
    ]
"""


def test_panels_are_listed_with_their_module_and_the_malformed_ones_named(tmp_path):
    root = tmp_path / "plugins"
    files = {"shared.js": "atd.log('info', 's')", "help/panel.js": "atd.log('info', 'h')"}
    folder = write_blocks_plugin(root, "odd-panels", [], ("canvas:panels",), files)
    (folder / "plugin.py").write_text(textwrap.dedent(ODD_PANELS_PLUGIN))
    (tmp_path / "outside.js").write_text("secret")
    registry, manager, bridge = bridge_for(tmp_path, root)
    try:
        (plugin,) = bridge.ok("jsPlugins.blocks")["plugins"]
        assert plugin["permissions"] == ["canvas:panels"]
        assert plugin["modules"] == [
            {
                "path": "shared.js",
                "blocks": [
                    {
                        "id": "tile",
                        "label": "Tile",
                        "module": "shared.js",
                        "category": "Plugins",
                        "metadata": {},
                    }
                ],
                "panels": [{"id": "stats", "title": "Field stats", "module": "shared.js"}],
            },
            {
                "path": "help/panel.js",
                "blocks": [],
                "panels": [{"id": "help", "title": "Help", "module": "help/panel.js"}],
            },
        ]
        assert plugin["errors"] == [
            "panel id 'stats' is declared twice",
            "panel id 'Bad Id' must match ^[a-z][a-z0-9_-]{0,63}$",
            "panel 'long': title must be 1-40 characters",
            "panel 'blank': title must be 1-40 characters",
            "module '../outside.js' must not contain '.' or '..' segments",
            "module 'panel.py' must be a relative path to a .js file (like blocks.js)",
            "atd_panels returned CanvasBlock, not a Panel",
        ]
        # A panel's module is served like a block's; one no panel declares is not.
        help_text = bridge.ok("jsPlugins.module", {"plugin": "odd-panels", "path": "help/panel.js"})
        assert help_text == {"text": "atd.log('info', 'h')"}
        error = bridge.error("jsPlugins.module", {"plugin": "odd-panels", "path": "../outside.js"})
        assert error["code"] == "invalid_params" and "odd-panels" in error["message"]
        assert manager.record("odd-panels").state == "enabled"
    finally:
        registry.close()


def test_a_disabled_plugin_offers_no_panels_and_none_of_its_modules(tmp_path, plugins_dir):
    registry, manager, bridge = bridge_for(tmp_path, plugins_dir)
    try:
        manager.disable("mathjax_block")
        assert bridge.ok("jsPlugins.blocks") == {"plugins": []}
        error = bridge.error("jsPlugins.module", {"plugin": "mathjax_block", "path": "panel.js"})
        assert "not an enabled third-party plugin" in error["message"]
    finally:
        registry.close()
