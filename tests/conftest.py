"""Fixtures shared by every tier (none of them starts Anki)."""

import shutil
from pathlib import Path

import pytest

from anki_template_designer.services.paths import AddonPaths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def addon_paths(tmp_path):
    """An add-on folder with the real config files and manifest, outside the repository."""
    addon_dir = tmp_path / "addon"
    addon_dir.mkdir()
    for name in ("config.json", "config.schema.json", "manifest.json"):
        shutil.copy(ROOT / name, addon_dir / name)
    return AddonPaths(addon_dir)


def pytest_collection_modifyitems(config, items):
    """Each of tests/qt and tests/anki starts a real Anki; one process can hold only one."""
    tiers = {Path(str(item.fspath)).relative_to(ROOT).parts[1] for item in items}
    if {"qt", "anki"} <= tiers:
        raise pytest.UsageError(
            "tests/qt and tests/anki each start a real Anki: run them in separate pytest "
            "processes (make test-qt, make test-anki)"
        )
