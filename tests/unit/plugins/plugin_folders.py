"""Real plugin folders for the manager's tests: a manifest (from plugin_market's realistic
one) with the hook code each test needs, written where the manager looks for them."""

import json
import textwrap
from pathlib import Path

from plugin_market import plugin_files, write_plugin

#: A plugin whose lint names the plugin and the version that runs (what ordering and
#: reload tests read back), and which records its events in a list shared by every
#: folder plugin of the test: `atd_sdk.testing` is imported anyway, so a list hung on a
#: module both sides can import is enough (`events_of`).
LINT_CODE = """
import sys

from atd_sdk import LintRule, hookimpl

EVENTS = sys.modules.setdefault("atd_test_events", type(sys)("atd_test_events"))
if not hasattr(EVENTS, "calls"):
    EVENTS.calls = []


def check(draft):
    return [{{"severity": "info", "code": "{id}.hello", "message": "{id} {version} {note}"}}]


@hookimpl
def atd_lints(context):
    EVENTS.calls.append(("atd_lints", "{id}"))
    return [LintRule("{id}.hello", check, "says which code runs")]


@hookimpl
def atd_designer_opened(context, notetype_id):
    EVENTS.calls.append(("atd_designer_opened", "{id}"))
"""


def make_plugin(
    plugins_dir: Path,
    plugin_id: str,
    code: str | None = None,
    *,
    version: str = "1.0.0",
    note: str = "",
    **manifest,
) -> Path:
    """`plugins_dir/<id>/` with plugin.json and plugin.py (`code`, dedented, or the lint
    above); manifest fields given replace plugin_market's defaults."""
    files = plugin_files(plugin_id, version, **manifest)
    body = LINT_CODE.format(id=plugin_id, version=version, note=note) if code is None else code
    files["plugin.py"] = textwrap.dedent(body).encode()
    return write_plugin(plugins_dir / plugin_id, files)


def write_manifest(folder: Path, data: object) -> Path:
    """Replace a plugin's plugin.json with `data` as it is (JSON text if it is a str)."""
    path = folder / "plugin.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def lint_messages(manager) -> list[str]:
    """What the third-party lints say, in the order the manager called them."""
    messages = []
    for plugin_id, rule in manager.collect("atd_lints"):
        if not manager.record(plugin_id).builtin:
            messages += [d["message"] for d in rule.check({"tmpls": []})]
    return messages


def events_of(hook: str) -> list[str]:
    """Which folder plugins ran `hook` since the test started (in order)."""
    import sys

    module = sys.modules.get("atd_test_events")
    return [plugin for name, plugin in getattr(module, "calls", []) if name == hook]
