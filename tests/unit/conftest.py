import shutil
from pathlib import Path

import pytest
from anki.collection import Collection

from anki_template_designer.services.paths import AddonPaths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def col(tmp_path):
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def addon_paths(tmp_path):
    """An add-on folder with the real config files, outside the repository."""
    addon_dir = tmp_path / "addon"
    addon_dir.mkdir()
    for name in ("config.json", "config.schema.json", "manifest.json"):
        shutil.copy(ROOT / name, addon_dir / name)
    return AddonPaths(addon_dir)
