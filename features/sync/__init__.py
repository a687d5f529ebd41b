"""Default plugin: cloud sync of the profile's note types (issue #15).

Registers `SyncService` (service.py: settings, the SQLite outbox and run log in the
profile folder, a `SyncRunner` over services/sync/engine.py), the Sync panel's bridge
methods (methods.py), and queues each designer save in the outbox
(`atd_notetype_saved`), which starts a run on the task manager when the network is up.
Opening a designer starts the service, so changes queued in an earlier session (or while
offline) are synced then. The connectivity check is the registry's `Connectivity`
(gui/connectivity.py inside Anki: QNetworkInformation)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.environment import Environment
from ...services.plugins import PluginContext
from ...services.registry import Registry
from ...services.sync.connectivity import Connectivity
from ...services.tasks import TaskManager
from .methods import sync_methods
from .service import SyncService

log = logging.getLogger(__name__)


def _service(registry: Registry) -> SyncService:
    env = registry.get(Environment)
    folder = Path(env.collection().path).parent
    if not registry.is_registered(Connectivity):
        registry.register_value(Connectivity, Connectivity())
    return SyncService(
        folder,
        env.collection,
        registry.get(TaskManager),
        lambda: registry.get(Connectivity).is_online(),
    )


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    context.registry.register_factory(SyncService, _service, on_close=lambda s: s.close())


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return sync_methods(context.registry)


@hookimpl
def atd_designer_opened(context: PluginContext, notetype_id: int | None) -> None:
    try:
        context.registry.get(SyncService).kick()
    except Exception as error:  # noqa: BLE001 - e.g. no collection: the designer opens
        log.warning("sync: not started: %s", error)


@hookimpl
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    try:
        context.registry.get(SyncService).changed(notetype_id)
    except Exception as error:  # noqa: BLE001 - the save is done; syncing it must not undo that
        log.warning("sync: the save of note type %s was not queued: %s", notetype_id, error)
