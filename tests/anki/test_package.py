"""The .ankiaddon: what is inside, and that it installs and opens in a clean Anki.

The install test starts a second Anki, so it runs in its own process (one Anki per
process), through the same launcher as `make demo`.
"""

import json
import os
import subprocess
import sys
import uuid
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


def test_the_package_installs_under_a_numeric_folder_and_opens_from_the_tools_menu(
    ankiaddon, tmp_path
):
    report = tmp_path / "report.json"
    env = {**os.environ, "ANKI_SINGLE_INSTANCE_KEY": f"atd-pkg-{uuid.uuid4().hex}"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "run_anki.py"),
            "--base",
            str(tmp_path / "base"),
            "--addon-zip",
            str(ankiaddon),
            "--folder",
            "1234567890",
            "--headless",
            "--open-designer",
            "--exit",
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert report.exists(), result.stderr[-3000:]
    outcome = json.loads(report.read_text())
    assert outcome.get("error") is None, outcome.get("error")
    assert outcome["ok"], outcome
    assert outcome["designer_ready"] is True
    assert outcome["notetypes_listed"] == 7
    assert outcome["menu_text"] == "Template Designer…"
    assert outcome["addon_dir"].endswith("addons21/1234567890")
    assert result.returncode == 0
