"""Where the example plugins live, and a registry over a real collection that loads them
through the real plugin manager (as `user_files/plugins/<id>/` would)."""

import shutil
from pathlib import Path

from anki_template_designer.sdk.testing import plain_hosts, registry_for
from anki_template_designer.services.plugins import PluginManager

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "plugins"


def registry_with_examples(tmp_path, col, *plugin_ids):
    plugins = tmp_path / "plugins"
    for plugin_id in plugin_ids:
        shutil.copytree(EXAMPLES / plugin_id, plugins / plugin_id)
    registry = registry_for(tmp_path / "reg", collection=lambda: col, plugins_dir=plugins)
    hosts = plain_hosts(registry)
    manager = registry.get(PluginManager)
    for plugin_id in plugin_ids:
        record = manager.record(plugin_id)
        assert record.state == "enabled", record.to_json()
    return registry, hosts, manager
