"""Bridge methods of the Backups panel: list, create, preview, restore, verify, settings.

Long work answers later (a `Deferred`): create and verify run on the task manager, off
Anki's main thread; restore runs as one undoable collection operation (`restore.py`).
Secrets go one way only: a passphrase comes in; the recovery code of a new repository
goes out once (in `backups.list`), and nothing else secret is ever sent back or logged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...sdk.bridge import Deferred, Method, params
from ...sdk.errors import DesignerError
from ...sdk.hosts import CollectionOps, FileDialogs
from ...services.backup.audit import entries_jsonl
from ...services.backup.retention import Retention
from ...services.config import ConfigService
from ...services.environment import Environment
from ...services.registry import Registry
from ...services.tasks import TaskManager
from ...services.tasks.deferred import run_deferred
from .restore import restore
from .service import BackupService

SNAPSHOT_ID = {"type": "string", "pattern": r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{8}$"}
NOTETYPE_ID = {"type": "integer", "minimum": 1}
CARD_TYPE = {"type": "string", "minLength": 1, "maxLength": 500}
CHOICE_PARAMS = params(
    {"snapshot": SNAPSHOT_ID, "notetypeId": NOTETYPE_ID, "cardType": CARD_TYPE}, ["snapshot"]
)
RESTORE_PARAMS = params(
    {
        "snapshot": SNAPSHOT_ID,
        "notetypeId": NOTETYPE_ID,
        "cardType": CARD_TYPE,
        "keepBoth": {"type": "boolean"},
    },
    ["snapshot"],
)
SNAPSHOT_PARAMS = params({"snapshot": SNAPSHOT_ID}, ["snapshot"])
PRESET_ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
USER_DATA_PARAMS = params({"snapshot": SNAPSHOT_ID, "presetId": PRESET_ID}, ["snapshot"])
VERIFY_PARAMS = params({"readData": {"type": "boolean"}, "repair": {"type": "boolean"}})
#: No length rules here: a schema problem would repeat the value in the error reply.
PASSPHRASE = {"type": "string"}
SETTINGS_PARAMS = params(
    {
        "location": {"type": "string", "maxLength": 1024},
        "beforeSave": {"type": "boolean"},
        "onProfileClose": {"type": "boolean"},
        "daily": {"type": "boolean"},
        "replica": {"type": "string", "maxLength": 1024},
        "retention": {
            "type": "object",
            "properties": {
                rule: {"type": "integer", "minimum": 0, "maximum": 10000}
                for rule in ("last", "daily", "weekly", "monthly")
            },
            "required": ["last", "daily", "weekly", "monthly"],
            "additionalProperties": False,
        },
        "pruneDaily": {"type": "boolean"},
        "passphrase": PASSPHRASE,
    }
)
PRUNE_PARAMS = params({"dryRun": {"type": "boolean"}}, ["dryRun"])
ACTIVITY_PARAMS = params({"limit": {"type": "integer", "minimum": 1, "maximum": 5000}})
UNLOCK_PARAMS = params({"passphrase": PASSPHRASE}, ["passphrase"])
SETTING_KEYS = {
    "location": "backup_location",
    "beforeSave": "backup_before_save",
    "onProfileClose": "backup_on_profile_close",
    "daily": "backup_daily",
    "replica": "backup_replica",
    "retention": "backup_retention",
    "pruneDaily": "backup_prune_daily",
}


def in_background(registry: Registry, work: Any, key: str | None) -> Deferred:
    """Run `work` on the task manager (off Anki's main thread); jobs with one `key` join."""
    return run_deferred(registry.get(TaskManager), work, key=key, what="the backup job")


def check_location(location: str, addon_dir: Path) -> None:
    """A backup folder must be a full path outside the add-on folder (which an add-on
    update replaces, backups and all)."""
    chosen = Path(location).expanduser()
    if not chosen.is_absolute():
        raise DesignerError(f"choose a full path for the backups, not {location!r}")
    inside = chosen.resolve()
    addon = addon_dir.resolve()
    if inside == addon or addon in inside.parents:
        raise DesignerError(
            "backups inside the add-on folder would be deleted when the add-on updates: "
            "choose a folder elsewhere"
        )


def backup_methods(registry: Registry) -> list[Method]:
    def service() -> BackupService:
        return registry.get(BackupService)

    def listing(_params: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            backups = service()
            snapshots = backups.snapshots()  # every manifest opened: off the main thread
            return {
                "location": str(backups.root),
                "exists": backups.exists(),
                "snapshots": [backups.describe(s) for s in reversed(snapshots)],
                "recoveryCode": backups.take_recovery_code(),
                "lastError": backups.last_error,
            }

        return in_background(registry, work, None)

    def create(_params: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            backups = service()
            snapshot = backups.snapshot("manual")
            assert snapshot is not None
            return backups.describe(snapshot)

        return in_background(registry, work, "backups.write")

    def preview(p: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            chosen = (p["snapshot"], p.get("notetypeId"), p.get("cardType"))
            return {"notetypes": service().preview(*chosen)}

        return in_background(registry, work, None)

    def restore_snapshot(p: dict[str, Any]) -> Deferred:
        deferred = Deferred()
        done: dict[str, Any] = {}
        col = registry.get(Environment).collection

        def work() -> Any:
            chosen = (p["snapshot"], p.get("notetypeId"), p.get("cardType"))
            keep_both = bool(p.get("keepBoth"))
            changes, results, before = restore(service(), col(), *chosen, keep_both=keep_both)
            done["result"] = {
                "before": before,
                "notetypes": [
                    {"id": r.notetype_id, "name": r.name, "action": r.action} for r in results
                ],
            }
            return changes

        registry.get(CollectionOps).run(  # type: ignore[type-abstract]
            work, lambda: deferred.resolve(done["result"]), deferred.reject
        )
        return deferred

    def presets(p: dict[str, Any]) -> Deferred:
        return in_background(registry, lambda: {"presets": service().presets(p["snapshot"])}, None)

    def restore_user_data(p: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            done = service().restore_user_data(p["snapshot"], p.get("presetId"))
            return {"before": done.before, "files": len(done.files), "config": done.config}

        return in_background(registry, work, "backups.write")

    def prune_snapshots(p: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            backups = service()
            report = backups.prune(bool(p["dryRun"]))
            return {
                "dryRun": report.dry_run,
                "kept": len(report.kept),
                "forgotten": [backups.describe(s) for s in report.forgotten],
                "deletedFiles": report.deleted_files,
                "deletedBytes": report.deleted_bytes,
            }

        return in_background(registry, work, "backups.write")

    def activity(p: dict[str, Any]) -> Deferred:
        return in_background(registry, lambda: service().activity(int(p.get("limit", 200))), None)

    def export_activity(_params: dict[str, Any]) -> dict[str, Any]:
        audit = service().repository().audit
        report = audit.verify()
        if not report.ok:
            where, what = next(iter(sorted(report.problems.items())), ("", "damaged"))
            raise DesignerError(f"the audit trail does not verify ({where}: {what})")
        path = registry.get(FileDialogs).choose_save(  # type: ignore[type-abstract]
            "Export the audit trail", "JSON Lines (*.jsonl)", "jsonl", "atdAudit", "audit.jsonl"
        )
        if path is None:
            return {"path": None}
        entries = audit.entries()
        try:
            Path(path).write_text(entries_jsonl(entries), encoding="utf-8")
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise DesignerError(f"cannot write {path}: {reason}", {"path": path}) from error
        return {"path": path, "entries": len(entries)}

    def verify(p: dict[str, Any]) -> Deferred:
        def work() -> dict[str, Any]:
            backups = service()
            repair = bool(p.get("repair"))
            report = backups.verify(bool(p.get("readData")) or repair, repair)
            return {
                "ok": report.ok,
                "snapshots": report.snapshots,
                "objects": report.objects,
                "readData": bool(p.get("readData")) or repair,
                "hasReplica": backups.replica is not None,
                "repaired": sorted(report.repaired),
                "problems": [
                    {"object": name, "problem": problem, "snapshots": snapshots}
                    for name, (problem, snapshots) in sorted(report.problems.items())
                ]
                + [
                    {"object": name, "problem": problem, "snapshots": []}
                    for name, problem in sorted(report.bad_snapshots.items())
                ]
                + [
                    {"object": name, "problem": problem, "snapshots": []}
                    for name, problem in sorted(report.replica.items())
                ],
            }

        return in_background(registry, work, "backups.verify")

    def progress(_params: dict[str, Any]) -> dict[str, Any]:
        return service().progress.to_json()

    def settings() -> dict[str, Any]:
        config = registry.get(ConfigService)
        backups = service()
        values: dict[str, Any] = {name: config.get(key) for name, key in SETTING_KEYS.items()}
        return {**values, "path": str(backups.root), "hasPassphrase": backups.has_passphrase()}

    def set_settings(p: dict[str, Any]) -> dict[str, Any]:
        changes = {SETTING_KEYS[name]: value for name, value in p.items() if name in SETTING_KEYS}
        addon_dir = registry.get(Environment).paths.addon_dir
        for key in ("backup_location", "backup_replica"):
            if changes.get(key):
                check_location(changes[key], addon_dir)
        if "backup_retention" in changes:
            try:
                Retention(**changes["backup_retention"])
            except ValueError as error:
                raise DesignerError(str(error).replace("keep-", "keep ")) from None
        if changes:
            registry.get(ConfigService).update(changes)
        if "passphrase" in p:
            service().set_passphrase(p["passphrase"])
        return settings()

    def unlock(p: dict[str, Any]) -> dict[str, Any]:
        service().unlock(p["passphrase"])
        return settings()

    return [
        Method("backups.list", listing),
        Method("backups.create", create),
        Method("backups.preview", preview, CHOICE_PARAMS),
        Method("backups.restore", restore_snapshot, RESTORE_PARAMS),
        Method("backups.presets", presets, SNAPSHOT_PARAMS),
        Method("backups.restoreUserData", restore_user_data, USER_DATA_PARAMS),
        Method("backups.verify", verify, VERIFY_PARAMS),
        Method("backups.prune", prune_snapshots, PRUNE_PARAMS),
        Method("backups.activity", activity, ACTIVITY_PARAMS),
        Method("backups.exportActivity", export_activity),
        Method("backups.progress", progress),
        Method("backups.settings", lambda _p: settings()),
        Method("backups.setSettings", set_settings, SETTINGS_PARAMS),
        Method("backups.unlock", unlock, UNLOCK_PARAMS),
    ]
