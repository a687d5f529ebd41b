"""Default plugin: backups of the profile's note types in the designer (issue #13).

Registers `BackupService` (service.py: the repository in the profile folder, or
`backup_location`; snapshots hold the note types and the designer's presets, drafts and
config, `services/backup/user_data.py`), the Backups panel's bridge methods (methods.py)
and the schedule, each part switched by the config:

* `backup_before_save`: a `before-save` snapshot just before each save from the designer
  writes (`atd_notetype_will_save`, inside the save's operation; the save waits for it:
  ~1 ms when nothing changed, ~8 ms when something did, on a stock collection), and an
  `after-save` one once it is written (on the task manager), so what was saved can be
  restored if it is broken elsewhere before the next save. Each is skipped when the
  latest snapshot already holds exactly what the collection has. A snapshot that fails
  is logged and shown in the panel; the save goes on.
* `backup_daily`: a `scheduled` snapshot when a designer opens and none was made in the
  last 24 hours (on the task manager, off Anki's main thread), then, with
  `backup_prune_daily`, a prune by `backup_retention`.
* `backup_replica`: a second folder every write goes to as well (verify compares them).
* `backup_on_profile_close`: a `scheduled` snapshot when the profile closes (if anything
  changed since the latest one), when backups were used in the session.

Scheduled snapshots run on the task manager, off Anki's main thread; the profile-close one
runs while the services close, before the collection does. A failed automatic snapshot is
logged (never with a secret) and shown in the Backups panel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.backup.user_data import UserData
from ...services.config import ConfigService
from ...services.environment import Environment
from ...services.plugins import PluginContext
from ...services.registry import Registry
from ...services.tasks import TaskManager
from .methods import backup_methods
from .service import BackupService

log = logging.getLogger(__name__)


def _service(registry: Registry) -> BackupService:
    env = registry.get(Environment)
    profile_dir = Path(env.collection().path).parent
    config = registry.get(ConfigService)
    user_data = UserData(
        folders={
            "presets": env.paths.presets_dir,
            "drafts": env.paths.drafts_dir / env.profile_key,
        },
        config=config.values,
        set_config=config.update,
    )
    return BackupService(
        profile_dir, env.collection, profile_dir.name, config.get, user_data=user_data
    )


def _close(backups: BackupService) -> None:
    if not backups.setting("backup_on_profile_close"):
        return
    try:
        backups.snapshot("scheduled", skip_unchanged=True)
    except Exception as error:  # noqa: BLE001 - closing the profile must go on
        log.warning("no backup at profile close: %s", error)


def automatic(registry: Registry, *, saved: bool) -> None:
    """Queue the snapshots due now on the task manager: after a save (`saved`), else the
    daily one when a designer opens. Never raises: a backup that cannot start must not
    stop the designer opening or a save finishing."""
    try:
        backups = registry.get(BackupService)
    except Exception as error:  # noqa: BLE001 - e.g. no collection: logged, nothing queued
        log.warning("no automatic backup: %s", error)
        return
    if not backups.setting("backup_before_save" if saved else "backup_daily"):
        return

    def work(_token: object) -> None:
        try:
            if saved:
                backups.snapshot("after-save", skip_unchanged=True)
            elif backups.daily_due():
                backups.snapshot("scheduled", skip_unchanged=False)
                if backups.setting("backup_prune_daily"):
                    backups.prune(dry_run=False)
            backups.last_error = None
        except Exception as error:  # noqa: BLE001 - shown in the panel, logged
            backups.last_error = str(error)
            log.warning("automatic backup failed: %s", error)

    registry.get(TaskManager).submit(work, key="backups.write")


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    registry.register_factory(BackupService, _service, on_close=_close)


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return backup_methods(context.registry)


@hookimpl
def atd_designer_opened(context: PluginContext, notetype_id: int | None) -> None:
    automatic(context.registry, saved=False)


@hookimpl
def atd_notetype_will_save(
    context: PluginContext, notetype_id: int, notetype: dict[str, Any]
) -> None:
    """The state the save replaces, in a snapshot before the write (in the save's own
    background operation, so no other write comes between). Never raises."""
    try:
        backups = context.registry.get(BackupService)
    except Exception as error:  # noqa: BLE001 - e.g. no collection: the save goes on
        log.warning("no backup before the save: %s", error)
        return
    if not backups.setting("backup_before_save"):
        return
    try:
        backups.snapshot("before-save", skip_unchanged=True)
        backups.last_error = None
    except Exception as error:  # noqa: BLE001 - the save goes on; shown in the panel
        backups.last_error = str(error)
        log.warning("no backup before the save: %s", error)


@hookimpl
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    name = str(notetype.get("name", ""))
    record(context.registry, "save", f"{name} ({notetype_id})")
    automatic(context.registry, saved=True)


@hookimpl
def atd_activity(context: PluginContext, action: str, target: str) -> None:
    record(context.registry, action, target)


def record(registry: Registry, action: str, target: str) -> None:
    """An audit trail entry, written on the task manager (off Anki's main thread) while
    backups are in use; a trail that cannot be written is logged, never raised."""
    try:
        backups = registry.get(BackupService)
    except Exception as error:  # noqa: BLE001 - e.g. no collection
        log.warning("not recorded in the audit trail (%s): %s", action, error)
        return

    def work(_token: object) -> None:
        try:
            backups.record(action, target)
        except Exception as error:  # noqa: BLE001 - logged; the action itself happened
            log.warning("not recorded in the audit trail (%s): %s", action, error)

    registry.get(TaskManager).submit(work)  # no key: each entry is its own job
