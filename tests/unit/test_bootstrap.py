import logging

from anki_template_designer.services.bootstrap import build_registry
from anki_template_designer.services.config import ConfigService, MemoryConfigStore
from anki_template_designer.services.logging_service import LogService
from anki_template_designer.services.notetypes import NoteTypeCatalog
from anki_template_designer.services.tasks import ThreadRunner


def build(addon_paths, col, logger_name, stored=None):
    store = MemoryConfigStore(stored)
    return build_registry(
        paths=addon_paths,
        config_store=store,
        collection=lambda: col,
        logger_name=logger_name,
        task_runner=ThreadRunner(name=logger_name),
    )


def test_builds_config_and_logging_first_and_closes_them_last(addon_paths, col):
    registry = build(addon_paths, col, "atd_boot_a", {"log_level": "DEBUG"})
    log_service = registry.get(LogService)
    assert log_service.path.parent == addon_paths.logs_dir
    assert log_service.logger.level == logging.DEBUG
    assert any(s.name == "Basic" for s in registry.get(NoteTypeCatalog).list())
    assert all(result.ok for result in registry.ping())
    logging.getLogger("atd_boot_a.x").info("still open")
    assert registry.close() == []
    assert log_service.logger.handlers == []
    assert "still open" in log_service.path.read_text()


def test_invalid_config_is_logged_and_defaults_used(addon_paths, col):
    registry = build(addon_paths, col, "atd_boot_b", {"log_level": "CHATTY"})
    assert registry.get(ConfigService).get("log_level") == "INFO"
    registry.close()
    text = (addon_paths.logs_dir / "designer.log").read_text()
    assert "config: /log_level: 'CHATTY' is not one of" in text


def test_config_changes_reach_the_log_level(addon_paths, col):
    registry = build(addon_paths, col, "atd_boot_c")
    registry.get(ConfigService).update({"log_level": "ERROR"})
    assert registry.get(LogService).logger.level == logging.ERROR
    registry.close()
