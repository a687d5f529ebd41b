"""Where third-party plugins come from: folders in `user_files/plugins/<id>/`, and other
Anki add-ons that carry an `atd_plugin.json` beside their `__init__.py`.

An add-on plugs in without knowing our folder name (inside Anki we are imported under an
AnkiWeb number): it puts `atd_plugin.json` (the same manifest as `plugin.json`) in its
folder and exposes the object holding its hook implementations as ``atd_plugin`` at the
top of its package. Anki imports every add-on before a profile opens, which is when we
look. Inside hooks it may ``import atd_sdk`` (our `sdk` package, see `sdk_alias`).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..validation import ValidationFailed
from .manifest import FILE_NAME, Manifest, load_manifest

ADDON_MANIFEST = "atd_plugin.json"
ADDON_ATTRIBUTE = "atd_plugin"
#: The import name plugins use for the SDK, whatever folder we are installed in.
SDK_ALIAS = "atd_sdk"
MODULE_PREFIX = "atd_plugin_"


def module_name(plugin_id: str) -> str:
    """The Python module a folder plugin is imported as (``font-lint`` -> ``atd_plugin_font_lint``);
    ids that map to the same name are refused by the manager."""
    return MODULE_PREFIX + plugin_id.replace("-", "_")


@dataclass(frozen=True)
class Found:
    """A plugin found on disk: its manifest, or why it cannot be used."""

    source: str  # "folder" or "addon"
    location: Path
    manifest: Manifest | None
    problem: str | None = None

    @property
    def id(self) -> str:
        return self.manifest.id if self.manifest else self.location.name


def find_folder_plugins(root: Path) -> list[Found]:
    if not root.is_dir():
        return []
    found: list[Found] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        manifest_path = folder / FILE_NAME
        if not manifest_path.exists():
            found.append(Found("folder", folder, None, f"{manifest_path}: missing"))
            continue
        try:
            manifest = load_manifest(manifest_path)
        except ValidationFailed as error:
            found.append(Found("folder", folder, None, str(error)))
            continue
        if manifest.id != folder.name:
            problem = (
                f"{manifest_path}: /id: {manifest.id!r} must be the folder's name {folder.name!r}"
            )
            found.append(Found("folder", folder, None, problem))
            continue
        if not (folder / manifest.entry).is_file():
            problem = f"{manifest_path}: /entry: {manifest.entry} does not exist in {folder}"
            found.append(Found("folder", folder, None, problem))
            continue
        found.append(Found("folder", folder, manifest))
    return found


def find_addon_plugins(addons_dir: Path, own_folder: str) -> list[Found]:
    if not addons_dir.is_dir():
        return []
    found: list[Found] = []
    for folder in sorted(addons_dir.iterdir()):
        if folder.name == own_folder or not (folder / ADDON_MANIFEST).is_file():
            continue
        try:
            found.append(Found("addon", folder, load_manifest(folder / ADDON_MANIFEST)))
        except ValidationFailed as error:
            found.append(Found("addon", folder, None, str(error)))
    return found


def load_folder_plugin(found: Found) -> ModuleType:
    """Import the plugin's entry file as a package of its own (relative imports work)."""
    assert found.manifest is not None
    name = module_name(found.manifest.id)
    spec = importlib.util.spec_from_file_location(
        name,
        found.location / found.manifest.entry,
        submodule_search_locations=[str(found.location)],
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {found.location / found.manifest.entry}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def unload_module(module_name: str) -> None:
    """Drop a folder plugin's modules so a reload reads its files again."""
    for name in [n for n in sys.modules if n == module_name or n.startswith(module_name + ".")]:
        del sys.modules[name]


def load_addon_plugin(found: Found) -> object:
    module = sys.modules.get(found.location.name)
    if module is None:
        raise ImportError(f"add-on {found.location.name} is not loaded (disabled in Anki?)")
    plugin = getattr(module, ADDON_ATTRIBUTE, None)
    if plugin is None:
        raise ImportError(f"add-on {found.location.name} has no top-level {ADDON_ATTRIBUTE!r}")
    return plugin


SDK_MODULES = (
    "bridge",
    "context",
    "contributions",
    "errors",
    "hookspecs",
    "hosts",
    "markers",
    "protocol",
    "schemas",
    "testing",
    "version",
)


def install_sdk_alias(sdk: ModuleType) -> None:
    """Make ``import atd_sdk`` and ``import atd_sdk.<module>`` give our SDK's own modules
    (never second copies, whose relative imports would fail); names another copy already
    claimed are left alone."""
    sys.modules.setdefault(SDK_ALIAS, sdk)
    for name in SDK_MODULES:
        module = importlib.import_module(f"{sdk.__name__}.{name}")
        sys.modules.setdefault(f"{SDK_ALIAS}.{name}", module)
