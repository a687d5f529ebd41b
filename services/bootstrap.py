"""The composition root: the one function that builds every service.

Called by `gui/lifecycle.py` when a profile opens, with Anki-backed pieces (config store,
collection accessor); tests call it with plain ones. The registry it returns is closed,
in reverse order of creation, when the profile closes.
"""

from __future__ import annotations

from .config import ConfigService, ConfigStore
from .lint import Linter
from .logging_service import LogService
from .notetypes import CollectionGetter, NoteTypeCatalog
from .paths import AddonPaths
from .preview import PreviewRenderer
from .registry import Registry
from .saving import DraftStore, NoteTypeSaver


def build_registry(
    *,
    paths: AddonPaths,
    config_store: ConfigStore,
    collection: CollectionGetter,
    logger_name: str,
) -> Registry:
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
    registry.register_factory(Linter, lambda r: Linter(r.get(PreviewRenderer)))
    registry.register_factory(NoteTypeSaver, lambda _r: NoteTypeSaver(collection))
    registry.register_factory(DraftStore, lambda _r: DraftStore(paths.drafts_dir))
    # Logging starts with the profile so that everything after it is recorded.
    registry.get(LogService)
    return registry


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
