"""The composition root: the one function that builds every service.

Called by `gui/lifecycle.py` when a profile opens, with Anki-backed pieces (config store,
collection accessor); tests call it with plain ones. The registry it returns is closed,
in reverse order of creation, when the profile closes.
"""

from __future__ import annotations

from .cache import TwoLevelCache
from .canvas import CanvasService
from .canvas.display import FieldDisplay
from .config import ConfigService, ConfigStore
from .lint import Linter
from .logging_service import LogService
from .metrics import Metrics
from .notetypes import CollectionGetter, NoteTypeCatalog
from .onboarding import FILE_NAME as ONBOARDING_FILE
from .onboarding import OnboardingState
from .paths import AddonPaths
from .presets import PresetService
from .preview import PreviewRenderer
from .preview.service import PreviewCache, PreviewService
from .registry import Registry
from .saving import DraftStore, NoteTypeSaver
from .tasks import TaskManager, TaskRunner

MIB = 1024 * 1024


def build_registry(
    *,
    paths: AddonPaths,
    config_store: ConfigStore,
    collection: CollectionGetter,
    logger_name: str,
    task_runner: TaskRunner,
    profile_key: str = "default",
) -> Registry:
    """Every service, lazily built; `task_runner` is owned (and closed) by the caller.

    `profile_key` separates per-profile user data (drafts) of profiles sharing the add-on.
    """
    registry = Registry()
    registry.register_value(AddonPaths, paths)
    registry.register_factory(
        ConfigService,
        lambda _r: ConfigService.from_files(
            config_store, paths.default_config, paths.config_schema
        ),
    )
    registry.register_factory(
        LogService, lambda r: _build_log(r, logger_name), on_close=LogService.close
    )
    registry.register_factory(NoteTypeCatalog, lambda _r: NoteTypeCatalog(collection))
    registry.register_factory(PreviewRenderer, lambda _r: PreviewRenderer(collection))
    registry.register_factory(Metrics, lambda r: _build_metrics(r))
    registry.register_factory(
        TwoLevelCache,
        lambda r: TwoLevelCache.open(
            paths.cache_dir,
            memory_bytes=r.get(ConfigService).get("cache_memory_mib") * MIB // 2,
            disk_bytes=r.get(ConfigService).get("cache_disk_mib") * MIB,
        ),
        on_close=TwoLevelCache.close,
        check=TwoLevelCache.check,
    )
    registry.register_factory(
        PreviewCache,
        lambda r: PreviewCache.memory_only(r.get(ConfigService).get("cache_memory_mib") * MIB // 2),
        on_close=PreviewCache.close,
        check=PreviewCache.check,
    )
    registry.register_factory(
        PreviewService,
        lambda r: PreviewService(r.get(PreviewRenderer), r.get(PreviewCache), r.get(Metrics)),
    )
    registry.register_factory(
        TaskManager,
        lambda r: TaskManager(
            task_runner, max_concurrency=r.get(ConfigService).get("task_max_concurrency")
        ),
        on_close=_close_tasks,
    )
    registry.register_factory(Linter, lambda r: Linter(r.get(PreviewRenderer)))
    registry.register_factory(
        CanvasService,
        lambda r: CanvasService(FieldDisplay(collection, r.get(PreviewRenderer))),
    )
    registry.register_factory(NoteTypeSaver, lambda _r: NoteTypeSaver(collection))
    registry.register_factory(DraftStore, lambda _r: DraftStore(paths.drafts_dir / profile_key))
    # Presets are the user's designs, shared by every profile (user_files/presets).
    registry.register_factory(
        PresetService,
        lambda _r: PresetService.open(paths.presets_dir, collection=collection),
        check=PresetService.check,
    )
    # Which first-run guides were seen: about the designer, so shared by every profile.
    registry.register_factory(
        OnboardingState, lambda _r: OnboardingState(paths.user_files / ONBOARDING_FILE)
    )
    # Logging starts with the profile so that everything after it is recorded.
    registry.get(LogService)
    return registry


def _close_tasks(manager: TaskManager) -> None:
    # No waiting: in Anki, tasks finish via callbacks on the main thread, which is the
    # thread closing the profile; waiting would only freeze Anki. Late results are dropped.
    manager.close(timeout=0.0)


def _build_metrics(registry: Registry) -> Metrics:
    """Metrics with the 'slow' threshold on every operation the designer times."""
    metrics = Metrics()
    limit_s = registry.get(ConfigService).get("slow_operation_ms") / 1000
    for name in ("preview.render", "designer.validate", "designer.save"):
        metrics.set_threshold(name, limit_s)
    log = registry.get(LogService).logger.getChild("metrics")
    metrics.on_alert(
        lambda alert: log.warning(
            "%s: p%d %.0f ms %s the %.0f ms threshold",
            alert.name,
            alert.percentile,
            alert.value_s * 1000,
            "exceeds" if alert.active else "is back under",
            alert.limit_s * 1000,
        )
    )
    return metrics


def _build_log(registry: Registry, logger_name: str) -> LogService:
    config = registry.get(ConfigService)
    service = LogService(
        registry.get(AddonPaths).logs_dir,
        logger_name,
        level=config.get("log_level"),
        max_bytes=config.get("log_file_max_kib") * 1024,
        backups=config.get("log_file_backups"),
    )
    config.on_change(lambda c: service.set_level(c.get("log_level")))
    for problem in config.problems:
        service.logger.warning("config: %s (the default is used)", problem)
    return service
