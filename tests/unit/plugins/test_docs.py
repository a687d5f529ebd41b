"""The plugin docs cannot drift: every hook and every bridge method is documented.

Hooks: each hookspec in sdk/hookspecs.py has a ``### `atd_name` `` heading in
docs/plugins.md. Bridge methods: each method our default plugins register has a table
row (``| `area.verb` |``) in docs/bridge.md, or in the page a ``| `area.*` |`` row
there links to; and every row names a method that exists.
"""

import re
from pathlib import Path

from anki_template_designer.sdk import hookspecs
from anki_template_designer.sdk.testing import registry_for
from anki_template_designer.services.plugins import PluginManager

DOCS = Path(__file__).resolve().parents[3] / "docs"
ROW = re.compile(
    r"^\| `([a-z][A-Za-z]*\.[A-Za-z.*]+)`(?: / `([a-z][A-Za-z]*\.[A-Za-z]+)`)? \|", re.M
)
LINKED_AREA = re.compile(r"^\| `([a-z][A-Za-z]*)\.\*` \| see \[[^\]]+\]\(([a-z-]+\.md)", re.M)


def hook_names():
    return sorted(name for name in vars(hookspecs) if name.startswith("atd_"))


def documented_methods():
    bridge_doc = (DOCS / "bridge.md").read_text(encoding="utf-8")
    texts = [bridge_doc] + [
        (DOCS / page).read_text(encoding="utf-8") for _, page in LINKED_AREA.findall(bridge_doc)
    ]
    names = set()
    for text in texts:
        for table in method_tables(text):
            for first, second in ROW.findall(table):
                names.update(n for n in (first, second) if n and not n.endswith("*"))
    return names


def method_tables(text):
    """The Markdown tables whose header starts with `| method |`."""
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("| method |"):
            current = []
            tables.append(current)
        elif current is not None and line.startswith("|"):
            current.append(line)
        else:
            current = None
    return ["\n".join(table) for table in tables]


def registered_methods(tmp_path):
    registry = registry_for(tmp_path, config={"developer_mode": True})  # every method
    try:
        return {method.name for method in registry.get(PluginManager).bridge_methods()}
    finally:
        registry.close()


def test_every_hook_is_documented_in_the_plugin_guide():
    guide = (DOCS / "plugins.md").read_text(encoding="utf-8")
    missing = [name for name in hook_names() if f"### `{name}`" not in guide]
    assert not missing, f"docs/plugins.md has no section for {missing}"
    assert len(hook_names()) >= 10


def test_every_bridge_method_is_documented_and_every_documented_one_exists(tmp_path):
    registered = registered_methods(tmp_path)
    documented = documented_methods()
    missing = sorted(registered - documented)
    assert not missing, f"methods missing from docs/bridge.md: {missing}"
    stale = sorted(documented - registered)
    assert not stale, f"docs/bridge.md documents methods that do not exist: {stale}"
