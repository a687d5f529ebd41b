"""A third-party plugin imports the SDK as `atd_sdk`, whatever our package is called."""

import sys
import textwrap

from anki_template_designer import sdk
from anki_template_designer.sdk.testing import registry_for
from anki_template_designer.services.plugins import PluginManager

PLUGIN = """
from atd_sdk import LintRule, hookimpl
from atd_sdk.contributions import LintRule as SameLintRule
import atd_sdk.testing

assert LintRule is SameLintRule
assert callable(atd_sdk.testing.registry_for)


@hookimpl
def atd_lints(context):
    return [LintRule("alias.ok", lambda draft: [])]
"""


def test_a_folder_plugin_imports_atd_sdk_and_its_submodules(tmp_path):
    folder = tmp_path / "plugins" / "alias-user"
    folder.mkdir(parents=True)
    (folder / "plugin.json").write_text(
        '{"id": "alias-user", "name": "Alias user", "version": "1.0", "sdk": ">=0"}'
    )
    (folder / "plugin.py").write_text(textwrap.dedent(PLUGIN))
    registry = registry_for(tmp_path / "reg", plugins_dir=tmp_path / "plugins")
    try:
        manager = registry.get(PluginManager)
        record = manager.record("alias-user")
        assert record.state == "enabled", record.errors
        assert sys.modules["atd_sdk"] is sdk
        assert sys.modules["atd_sdk.bridge"] is sys.modules[f"{sdk.__name__}.bridge"]
    finally:
        registry.close()
