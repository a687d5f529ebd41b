"""Installing, updating and uninstalling third-party plugins, all or nothing.

Two steps, so the slow part runs off Anki's main thread:

1. `stage_file` / `stage_from_index` (background): read the package (download it and
   check its SHA-256 against the signed index), check every entry and the manifest
   (package.py), refuse an id of a built-in or of an add-on plugin, and unpack into a
   hidden folder inside `user_files/plugins/` (discovery skips dot folders).
2. `commit` (main thread, where the plugin manager lives): a new plugin's folder is
   renamed into place and started; an update swaps the old folder for the new one
   (rolled back if the rename fails) and reloads it. The plugin's own data
   (`user_files/plugin-data/<id>/`) is not touched by either.

`uninstall` disables and unloads the plugin first, then removes its folder and its data.
A refusal at any point leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version

from ...sdk.errors import DesignerError
from ...sdk.protocol import ErrorCode
from . import signing
from .download import Progress, fetch
from .index import MAX_INDEX_BYTES, IndexEntry, IndexRefused, PluginIndex, parse_index
from .manager import DISABLED, PluginManager, PluginRecord
from .manifest import Manifest
from .package import MAX_PACKAGE_BYTES, unpack

STAGING_PREFIX = ".staging-"
TRASH_PREFIX = ".removing-"


class InstallRefused(DesignerError):
    """Nothing was installed; the message says why."""


class NotInstalled(DesignerError):
    bridge_code = ErrorCode.NOT_FOUND


@dataclass
class StagedPlugin:
    """A package unpacked and checked in a hidden folder, ready for `commit`."""

    folder: Path
    manifest: Manifest
    source: str


@dataclass(frozen=True)
class Installed:
    id: str
    version: str
    action: str  # "installed" or "updated"
    state: str
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "action": self.action,
            "state": self.state,
            "errors": self.errors,
        }


class PluginInstaller:
    def __init__(
        self,
        manager: PluginManager,
        *,
        plugins_dir: Path,
        data_dir: Path,
        trusted_keys: Callable[[], list[signing.TrustedKey]],
        reserved_ids: frozenset[str] = frozenset(),
        log: logging.Logger | None = None,
    ) -> None:
        self._manager = manager
        self._plugins_dir = plugins_dir
        self._data_dir = data_dir
        self._trusted_keys = trusted_keys
        self._reserved = reserved_ids
        self._log = log or logging.getLogger(__name__)
        self._indexes: dict[str, PluginIndex] = {}
        self._lock = threading.Lock()
        self.clean_leftovers()

    def trusted_keys(self) -> list[signing.TrustedKey]:
        return self._trusted_keys()

    # -- background step ---------------------------------------------------------------
    def stage_file(self, path: Path) -> StagedPlugin:
        try:
            data = path.read_bytes() if path.stat().st_size <= MAX_PACKAGE_BYTES else None
        except OSError as error:
            raise InstallRefused(f"{path} cannot be read: {error.strerror or error}") from None
        if data is None:
            raise InstallRefused(f"{path}: larger than {MAX_PACKAGE_BYTES // 2**20} MiB")
        return self._stage(data, path.name)

    def read_index(self, url: str, progress: Progress | None = None) -> PluginIndex:
        keys = self._trusted_keys()
        signing.require_eddsa()
        data = fetch(url, MAX_INDEX_BYTES, progress)
        index = parse_index(data, url, keys)
        with self._lock:
            self._indexes[url] = index
        self._log.info("plugin index %s read (%d packages)", url, len(index.entries))
        return index

    def stage_from_index(
        self, url: str, plugin_id: str, progress: Progress | None = None
    ) -> StagedPlugin:
        signing.require_eddsa()
        with self._lock:
            index = self._indexes.get(url)
        if index is None:
            index = self.read_index(url)
        entry = index.entries.get(plugin_id)
        if entry is None:
            raise NotInstalled(f"the index {url} has no plugin {plugin_id!r}")
        data = fetch(entry.url, entry.size or MAX_PACKAGE_BYTES, progress)
        self._check_download(entry, data)
        staged = self._stage(data, entry.url.rsplit("/", 1)[-1] or entry.id)
        if staged.manifest.id != entry.id or staged.manifest.version != entry.version:
            self._discard(staged.folder)
            raise InstallRefused(
                f"{entry.url}: the package is {staged.manifest.id} {staged.manifest.version}, "
                f"the index says {entry.id} {entry.version}"
            )
        return staged

    # -- main-thread step --------------------------------------------------------------
    def commit(self, staged: StagedPlugin) -> Installed:
        manifest = staged.manifest
        try:
            existing = self._manager.record(manifest.id)
        except LookupError:
            existing = None
        try:
            self._refuse_clash(manifest, existing, staged.source)
        except InstallRefused:
            self._discard(staged.folder)
            raise
        target = self._plugins_dir / manifest.id
        if existing is None:
            if target.exists():  # a folder the manager never listed (added by hand?)
                self._discard(staged.folder)
                raise InstallRefused(f"{target} already exists; remove it first")
            staged.folder.rename(target)
            record = self._manager.add_folder(target)
            action = "installed"
        else:
            # by the user, that is; one off only for want of a requirement starts when it can
            was_off = existing.state == DISABLED and not existing.waiting
            self._manager.unload(manifest.id)
            old = self._plugins_dir / f"{TRASH_PREFIX}{manifest.id}-{secrets.token_hex(4)}"
            target.rename(old)
            try:
                staged.folder.rename(target)
            except OSError:
                old.rename(target)
                self._manager.reload(manifest.id)
                self._discard(staged.folder)
                raise
            shutil.rmtree(old, ignore_errors=True)
            self._manager.reload(manifest.id)
            if was_off:  # the user turned it off: an update does not turn it on
                self._manager.disable(manifest.id)
            record = self._manager.record(manifest.id)
            action = "updated"
        self._log.info(
            "plugin %s %s %s from %s", manifest.id, manifest.version, action, staged.source
        )
        return self._result(record, action)

    def discard(self, staged: StagedPlugin) -> None:
        self._discard(staged.folder)

    def uninstall(self, plugin_id: str) -> None:
        record = self._uninstallable(plugin_id)
        self._manager.forget(plugin_id)
        folder = Path(record.location)
        trash = self._plugins_dir / f"{TRASH_PREFIX}{plugin_id}-{secrets.token_hex(4)}"
        folder.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(self._data_dir / plugin_id, ignore_errors=True)
        self._log.info("plugin %s uninstalled", plugin_id)

    # -- reading -----------------------------------------------------------------------
    def offers(self, index: PluginIndex) -> list[dict[str, Any]]:
        """Each package of the index with what installing it would do."""
        rows = []
        for entry in sorted(index.entries.values(), key=lambda e: e.name.casefold()):
            installed = self._installed_version(entry.id)
            if entry.id in self._reserved:
                action = "builtin"
            elif installed is None:
                action = "install"
            elif installed < entry.version:
                action = "update"
            else:
                action = "current"
            rows.append(
                {
                    **entry.to_json(),
                    "installed": str(installed) if installed else None,
                    "action": action,
                }
            )
        return rows

    def clean_leftovers(self) -> None:
        """Hidden folders a crash left behind (a half-unpacked or half-removed plugin)."""
        if not self._plugins_dir.is_dir():
            return
        for folder in self._plugins_dir.iterdir():
            if folder.name.startswith((STAGING_PREFIX, TRASH_PREFIX)):
                shutil.rmtree(folder, ignore_errors=True)

    # -- inside ------------------------------------------------------------------------
    def _stage(self, data: bytes, source: str) -> StagedPlugin:
        self._plugins_dir.mkdir(parents=True, exist_ok=True)
        folder = self._plugins_dir / f"{STAGING_PREFIX}{secrets.token_hex(8)}"
        try:
            contents = unpack(data, source, folder)
            self._refuse_clash(contents.manifest, None, source)
        except BaseException:
            self._discard(folder)
            raise
        return StagedPlugin(folder, contents.manifest, source)

    def _check_download(self, entry: IndexEntry, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.sha256:
            raise IndexRefused(
                f"{entry.url}: SHA-256 {digest} does not match the index's {entry.sha256} "
                "(the package was changed after the index was signed)"
            )

    def _refuse_clash(self, manifest: Manifest, existing: PluginRecord | None, source: str) -> None:
        """Refused (naming the package) when the id is ours, an add-on's, or newer here."""
        if existing is None:
            try:
                existing = self._manager.record(manifest.id)
            except LookupError:
                existing = None
        if manifest.id in self._reserved or (existing is not None and existing.builtin):
            raise InstallRefused(
                f"{source}: {manifest.id!r} is the id of one of the designer's own features; "
                "a plugin cannot replace it"
            )
        if existing is not None and existing.source != "folder":
            raise InstallRefused(
                f"{source}: {manifest.id!r} is already used by the add-on {existing.location}"
            )
        installed = existing.manifest.version if existing and existing.manifest else None
        if installed is not None and manifest.version < installed:
            raise InstallRefused(
                f"{source}: {manifest.id} {manifest.version} is older than the installed "
                f"{installed}"
            )

    def _installed_version(self, plugin_id: str) -> Version | None:
        try:
            record = self._manager.record(plugin_id)
        except LookupError:
            return None
        return record.manifest.version if record.manifest else None

    def _uninstallable(self, plugin_id: str) -> PluginRecord:
        try:
            record = self._manager.record(plugin_id)
        except LookupError:
            raise NotInstalled(f"no plugin {plugin_id!r} is installed") from None
        if record.builtin:
            raise InstallRefused(f"{plugin_id} is part of the designer and cannot be uninstalled")
        if record.source != "folder":
            raise InstallRefused(
                f"{plugin_id} comes with the add-on {record.location}; "
                "remove that add-on in Tools → Add-ons"
            )
        return record

    def _result(self, record: PluginRecord, action: str) -> Installed:
        version = str(record.manifest.version) if record.manifest else ""
        return Installed(record.id, version, action, record.state, list(record.errors))

    def _discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
