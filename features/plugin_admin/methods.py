"""Bridge methods of the Plugins panel.

Installing reads, downloads, checks and unpacks in the background (TaskManager, so on
Anki's background thread inside Anki) and replies later (`Deferred`); the page polls
`plugins.progress` meanwhile. Only the last step, putting the checked folder in place and
starting it, runs on the main thread, where the plugin manager lives. Files are chosen by
the user in the `FileDialogs` host role, never named by the page; index URLs are typed by
the user. Our own features (built-ins) cannot be turned off or uninstalled here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...sdk.bridge import BridgeError, Deferred, Method, params
from ...sdk.hosts import FileDialogs
from ...sdk.protocol import ErrorCode
from ...services.plugins import PluginManager, signing
from ...services.plugins.choices import PluginChoices
from ...services.plugins.install import PluginInstaller, StagedPlugin
from ...services.plugins.package import EXTENSION
from ...services.registry import Registry
from ...services.tasks import Outcome, Priority, Status, TaskManager
from ..events import announce

PLUGIN_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{1,63}$"}
INDEX_URL = {"type": "string", "minLength": 8, "maxLength": 2000, "pattern": "^https?://"}
ID_PARAMS = params({"id": PLUGIN_ID}, ["id"])
DOWNLOAD_TIMEOUT_S = 300.0


class InstallProgress:
    """What the install in flight is doing, for the page to show (read from any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"busy": False}

    def start(self, what: str) -> None:
        with self._lock:
            self._state = {"busy": True, "what": what, "received": 0, "total": None}

    def bytes(self, received: int, total: int | None) -> None:
        with self._lock:
            self._state = {**self._state, "received": received, "total": total}

    def finish(self) -> None:
        with self._lock:
            self._state = {"busy": False}

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._state)


def plugin_rows(manager: PluginManager) -> list[dict[str, Any]]:
    """Every plugin as the panel lists it (built-ins first, then by name)."""
    rows = []
    for status in manager.status():
        manifest = status["manifest"] or {}
        rows.append(
            {
                "id": status["id"],
                "name": manifest.get("name") or status["id"],
                "version": manifest.get("version", ""),
                "description": manifest.get("description", ""),
                "permissions": manifest.get("permissions", []),
                "source": status["source"],
                "state": status["state"],
                "errors": status["errors"],
                "builtin": status["source"] == "builtin",
                "uninstallable": status["source"] == "folder",
            }
        )
    return sorted(rows, key=lambda r: (not r["builtin"], r["name"].casefold()))


def in_background(
    registry: Registry, what: str, work: Callable[[], Any], finish: Callable[[Any], Any]
) -> Deferred:
    """`work()` off the main thread, then `finish(result)` on it; one install at a time."""
    progress = registry.get(InstallProgress)
    if progress.to_json()["busy"]:
        raise BridgeError(ErrorCode.CONFLICT, "another plugin install is still running")
    progress.start(what)
    deferred = Deferred()

    def settled(outcome: Outcome[Any]) -> None:
        progress.finish()
        if outcome.status is Status.DONE:
            try:
                deferred.resolve(finish(outcome.value))
            except Exception as error:  # noqa: BLE001 - the page's reply must settle
                deferred.reject(error)
        elif outcome.error is not None:
            deferred.reject(outcome.error)
        else:
            deferred.reject(BridgeError(ErrorCode.TIMEOUT, f"{what}: {outcome.status.value}"))

    registry.get(TaskManager).submit(
        lambda _token: work(),
        priority=Priority.INTERACTIVE,
        timeout=DOWNLOAD_TIMEOUT_S,
        on_outcome=settled,
    )
    return deferred


def plugin_admin_methods(registry: Registry) -> list[Method]:
    manager = registry.get(PluginManager)

    def installer() -> PluginInstaller:
        return registry.get(PluginInstaller)

    def listing(_params: dict[str, Any]) -> dict[str, Any]:
        return {
            "plugins": plugin_rows(manager),
            "signatures": signing.available(),
            "signaturesMissing": None if signing.available() else signing.UNAVAILABLE,
            "trustedKeys": [{"name": k.name, "id": k.id} for k in installer().trusted_keys()],
        }

    def enable(params: dict[str, Any]) -> dict[str, Any]:
        record = manager.record(params["id"])
        if record.builtin:
            raise BridgeError(ErrorCode.INVALID_PARAMS, f"{record.id} is part of the designer")
        registry.get(PluginChoices).set_disabled(record.id, False)
        manager.enable(record.id)
        announce(registry, "atd_activity", action="plugin.enable", target=record.id)
        return {"plugins": plugin_rows(manager)}

    def disable(params: dict[str, Any]) -> dict[str, Any]:
        record = manager.record(params["id"])
        if record.builtin:
            raise BridgeError(
                ErrorCode.INVALID_PARAMS,
                f"{record.id} is part of the designer and cannot be turned off",
            )
        manager.disable(record.id)
        registry.get(PluginChoices).set_disabled(record.id, True)
        announce(registry, "atd_activity", action="plugin.disable", target=record.id)
        return {"plugins": plugin_rows(manager)}

    def commit(staged: StagedPlugin) -> dict[str, Any]:
        result = installer().commit(staged)
        if not result.errors:
            action = "plugin.update" if result.action == "update" else "plugin.install"
            announce(
                registry, "atd_activity", action=action, target=f"{result.id} {result.version}"
            )
        return {**result.to_json(), "plugins": plugin_rows(manager)}

    def install_file(_params: dict[str, Any]) -> Deferred | None:
        chosen = registry.get(FileDialogs).choose_open(  # type: ignore[type-abstract]
            "Install a plugin", "Template Designer plugin", EXTENSION, "atdPluginInstall"
        )
        if chosen is None:
            return None
        path = Path(chosen)
        return in_background(
            registry, f"Installing {path.name}", lambda: installer().stage_file(path), commit
        )

    def read_index(params: dict[str, Any]) -> Deferred:
        url = params["url"]
        progress = registry.get(InstallProgress)

        def work() -> Any:
            return installer().read_index(url, progress.bytes)

        def finish(index: Any) -> dict[str, Any]:
            return {
                "url": url,
                "name": index.name,
                "signedBy": index.signed_by,
                "packages": installer().offers(index),
            }

        return in_background(registry, f"Reading {url}", work, finish)

    def install_from_index(params: dict[str, Any]) -> Deferred:
        url, plugin_id = params["url"], params["id"]
        progress = registry.get(InstallProgress)
        return in_background(
            registry,
            f"Downloading {plugin_id}",
            lambda: installer().stage_from_index(url, plugin_id, progress.bytes),
            commit,
        )

    def uninstall(params: dict[str, Any]) -> dict[str, Any]:
        installer().uninstall(params["id"])
        announce(registry, "atd_activity", action="plugin.uninstall", target=params["id"])
        return {"plugins": plugin_rows(manager)}

    return [
        Method("plugins.list", listing, params({})),
        Method("plugins.enable", enable, ID_PARAMS),
        Method("plugins.disable", disable, ID_PARAMS),
        Method("plugins.installFile", install_file, params({})),
        Method("plugins.readIndex", read_index, params({"url": INDEX_URL}, ["url"])),
        Method(
            "plugins.installFromIndex",
            install_from_index,
            params({"url": INDEX_URL, "id": PLUGIN_ID}, ["url", "id"]),
        ),
        Method("plugins.uninstall", uninstall, ID_PARAMS),
        Method("plugins.progress", lambda _p: registry.get(InstallProgress).to_json(), params({})),
    ]
