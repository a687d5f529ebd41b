"""The composition root: the shared services, then every feature as a plugin.

Called by `gui/lifecycle.py` when a profile opens, with Anki-backed pieces (config store,
collection accessor); tests call it with plain ones. It registers what every feature
shares (paths, config, log, metrics, caches, tasks, the note type list), then the plugin
manager, which registers our features (features/, default plugins) and the third-party
plugins it finds; each registers its own services through `atd_register_services`. The
registry it returns is closed, in reverse order of creation, when the profile closes.
"""

from __future__ import annotations

from ..features import DEFAULT_PLUGINS
from .cache import TwoLevelCache
from .config import ConfigService, ConfigStore
from .environment import Environment
from .logging_service import LogService
from .metrics import Metrics
from .notetypes import CollectionGetter, NoteTypeCatalog
from .paths import AddonPaths
from .plugins import PluginManager
from .plugins.choices import FILE_NAME as CHOICES_FILE
from .plugins.choices import PluginChoices
from .registry import Registry
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
    discover_plugins: bool = True,
) -> Registry:
    """Every service, lazily built; `task_runner` is owned (and closed) by the caller.

    `profile_key` separates per-profile user data (drafts) of profiles sharing the add-on.
    `discover_plugins` False starts only our own features (tests of the features alone).
    """
    registry = Registry()
    registry.register_value(AddonPaths, paths)
    registry.register_value(Environment, Environment(paths, collection, profile_key))
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
        TaskManager,
        lambda r: TaskManager(
            task_runner, max_concurrency=r.get(ConfigService).get("task_max_concurrency")
        ),
        on_close=_close_tasks,
    )
    # Logging starts with the profile so that everything after it is recorded.
    log = registry.get(LogService)
    plugins = PluginManager(
        registry, data_dir=paths.user_files / "plugin-data", log=log.logger.getChild("plugins")
    )
    registry.register_value(PluginManager, plugins)
    choices = PluginChoices(paths.user_files / CHOICES_FILE, log.logger.getChild("plugins"))
    registry.register_value(PluginChoices, choices)
    for plugin_id, feature in DEFAULT_PLUGINS.items():
        plugins.add_builtin(plugin_id, feature)
    if discover_plugins:
        plugins.discover(paths.user_files / "plugins", paths.addon_dir.parent, paths.addon_dir.name)
        plugins.start(disabled=choices.disabled())
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
