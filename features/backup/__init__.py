"""Default plugin: backups of the profile's note types in the designer (issue #13).

Registers `BackupService` (service.py: the repository in the profile folder, or
`backup_location`; snapshots hold the note types and the designer's presets, drafts and
config, `services/backup/user_data.py`), the Backups panel's bridge methods (methods.py)
and the schedule, each part switched by the config:

* `backup_before_save`: a `before-save` snapshot when a designer opens (the state before
  this session's saves) and after each save (the state the next save starts from),
  skipped when the latest snapshot already holds exactly what the collection has. The
  SDK has no hook before a save, only `atd_notetype_saved`, so this pair is how every
  state a save replaces ends up in a snapshot.
* `backup_daily`: a `scheduled` snapshot when a designer opens and none was made in the
  last 24 hours.
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


def automatic(registry: Registry, *, opened: bool) -> None:
    """Queue the snapshots that are due now (on the task manager). Never raises: a
    backup that cannot start must not stop the designer opening or a save finishing."""
    try:
        backups = registry.get(BackupService)
    except Exception as error:  # noqa: BLE001 - e.g. no collection: logged, nothing queued
        log.warning("no automatic backup: %s", error)
        return
    before_save = backups.setting("backup_before_save")
    daily = opened and backups.setting("backup_daily")
    if not (before_save or daily):
        return

    def work(_token: object) -> None:
        try:
            if daily and backups.daily_due():
                backups.snapshot("scheduled", skip_unchanged=False)
            if before_save:
                backups.snapshot("before-save", skip_unchanged=True)
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
    automatic(context.registry, opened=True)


@hookimpl
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    automatic(context.registry, opened=False)
