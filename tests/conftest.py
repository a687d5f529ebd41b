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
