import json
from pathlib import Path

import pytest

from anki_template_designer.services.config import ConfigService, MemoryConfigStore
from anki_template_designer.services.validation import SchemaValidator, ValidationFailed

ROOT = Path(__file__).resolve().parents[2]


def service(stored=None):
    store = MemoryConfigStore(stored)
    return store, ConfigService.from_files(store, ROOT / "config.json", ROOT / "config.schema.json")


def test_defaults_come_from_config_json_only():
    _, config = service()
    assert config.values() == json.loads((ROOT / "config.json").read_text())
    assert config.problems == []


def test_user_values_override_defaults():
    _, config = service({"log_level": "DEBUG"})
    assert config.get("log_level") == "DEBUG"


def test_an_invalid_value_falls_back_to_its_default_and_is_reported_with_its_path():
    _, config = service({"log_level": "LOUD", "log_file_backups": 3})
    assert config.get("log_level") == "INFO"
    assert [str(p) for p in config.problems] == [
        "/log_level: 'LOUD' is not one of ['DEBUG', 'INFO', 'WARNING', 'ERROR']"
    ]


def test_an_unknown_key_is_dropped_and_reported():
    _, config = service({"colour": "red"})
    with pytest.raises(KeyError):
        config.get("colour")
    assert "colour" in str(config.problems[0])


def test_update_validates_before_writing_anything():
    store, config = service({"log_level": "WARNING"})
    with pytest.raises(ValidationFailed) as caught:
        config.update({"log_file_max_kib": 1, "log_level": "ERROR"})
    assert caught.value.problems[0].path == "/log_file_max_kib"
    assert "less than the minimum of 16" in caught.value.problems[0].message
    assert store.saved == {"log_level": "WARNING"}
    config.update({"log_level": "ERROR"})
    assert store.saved is not None and store.saved["log_level"] == "ERROR"
    assert config.get("log_level") == "ERROR"


def test_listeners_hear_reloads():
    store, config = service()
    heard = []
    config.on_change(lambda c: heard.append(c.get("log_level")))
    store.saved = {"log_level": "DEBUG"}
    config.reload()
    assert heard == ["DEBUG"]


def test_broken_defaults_are_refused_at_start():
    with pytest.raises(ValidationFailed, match="default config"):
        ConfigService(
            MemoryConfigStore(),
            {"log_level": 5},
            SchemaValidator({"type": "object", "properties": {"log_level": {"type": "string"}}}),
        )


def test_every_setting_is_documented_in_config_md():
    documented = (ROOT / "config.md").read_text()
    schema = json.loads((ROOT / "config.schema.json").read_text())
    for key in schema["properties"]:
        assert f"`{key}`" in documented, key
    assert set(schema["required"]) == set(json.loads((ROOT / "config.json").read_text()))
