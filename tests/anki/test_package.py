"""The .ankiaddon: what is inside. Installing it through Anki (into a clean Anki, and as
an update) is tests/anki/test_package_updates.py."""

import json
import zipfile
from pathlib import Path

import pytest

from addon_meta import manifest
from package import build_zip

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ankiaddon(tmp_path_factory):
    return build_zip(tmp_path_factory.mktemp("dist") / "anki_template_designer.ankiaddon")


def test_the_zip_holds_only_the_runtime_files_at_its_top_level(ankiaddon):
    names = zipfile.ZipFile(ankiaddon).namelist()
    assert "__init__.py" in names and "manifest.json" in names
    assert "web/dist/index.html" in names and "web/dist/designer.js" in names
    assert "config.json" in names and "config.schema.json" in names and "config.md" in names
    for name in names:
        assert not name.startswith(("tests/", "scripts/", "web/src/", "web/node_modules/", "/"))
        assert "__pycache__" not in name and not name.endswith(".pyc")
        assert not name.startswith(("user_files/", ".")) and name != "meta.json"
    top = {name.split("/")[0] for name in names}
    assert top <= {
        "__init__.py",
        "manifest.json",
        "integrity.json",
        "config.json",
        "config.md",
        "config.schema.json",
        "services",
        "gui",
        "features",
        "sdk",
        "web",
        "_vendor",
    }


def test_the_manifest_comes_from_pyproject(ankiaddon):
    inside = json.loads(zipfile.ZipFile(ankiaddon).read("manifest.json"))
    assert inside == manifest()
    assert inside["package"] == "anki_template_designer"
    assert json.loads((ROOT / "manifest.json").read_text()) == inside
