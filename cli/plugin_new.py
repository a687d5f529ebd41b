"""`atd plugin new NAME [--dir D]`: a working plugin folder with a passing test.

Writes `D/<id>/` (default: the current folder): `plugin.json`, `plugin.py` (a lint, the
smallest useful hook), `tests/conftest.py` and `tests/test_plugin.py`, which loads the
plugin with the designer's real plugin manager (`atd_sdk.testing`). The id is NAME in
lower case with spaces as dashes; it must be a valid plugin id, and an existing folder is
never overwritten. Copy the folder into `user_files/plugins/` to use it in Anki.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template
from typing import TextIO

from ..sdk.version import SDK_VERSION
from ..services.plugins.manifest import ID_PATTERN

TEMPLATES = Path(__file__).resolve().parent / "plugin_template"
FILES = {
    "plugin.json": "plugin.json.tmpl",
    "plugin.py": "plugin.py.tmpl",
    "tests/conftest.py": "conftest.py.tmpl",
    "tests/test_plugin.py": "test_plugin.py.tmpl",
}


def plugin_id_for(name: str) -> str:
    return re.sub(r"\s+", "-", name.strip().lower())


def _values(name: str, plugin_id: str) -> dict[str, str]:
    major, minor = (int(part) for part in SDK_VERSION.split(".")[:2])
    return {
        "id": plugin_id,
        "name": name.strip().replace('"', "'").replace("\\", "/"),
        "sdk_major_minor": f"{major}.{minor}",
        "sdk_next_major": f"{major + 1}",
    }


def write_plugin(name: str, parent: Path) -> Path:
    """The new plugin's folder; ValueError with the reason when it cannot be written."""
    plugin_id = plugin_id_for(name)
    if not re.fullmatch(ID_PATTERN, plugin_id):
        raise ValueError(
            f"{name!r} does not make a plugin id ({plugin_id!r}): use 2-64 characters, "
            "a letter first, then lower-case letters, digits, '-' or '_'"
        )
    folder = parent / plugin_id
    if folder.exists():
        raise ValueError(f"{folder} already exists; nothing was written")
    values = _values(name, plugin_id)
    for relative, template in FILES.items():
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        folder = write_plugin(args.name, Path(args.dir))
    except (ValueError, OSError) as error:
        print(f"atd plugin new: {error}", file=sys.stderr)
        return 2
    print(f"wrote {folder}", file=out)
    print(f"test it: python -m pytest {folder / 'tests'}", file=out)
    print("use it: copy the folder into the add-on's user_files/plugins/", file=out)
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plugin = subparsers.add_parser("plugin", help="tools for plugin authors")
    actions = plugin.add_subparsers(dest="plugin_command", metavar="ACTION", required=True)
    new = actions.add_parser(
        "new",
        help="write a working plugin with a passing test",
        description="Write a plugin folder (plugin.json, plugin.py with a lint, and a "
        "pytest test that loads it with the designer's plugin manager).",
    )
    new.add_argument("name", metavar="NAME", help="the plugin's name; its id is made from it")
    new.add_argument("--dir", default=".", metavar="D", help="where to create it (default: .)")
    new.set_defaults(handler=_run)
