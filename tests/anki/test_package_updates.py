"""Installing through Anki's own add-on manager (the path AnkiWeb downloads and .ankiaddon
files take), into a clean Anki and over an earlier version, keeps the user's data.

Each step is its own Anki process (one Anki per process), started by scripts/run_anki.py
with the interpreter running this tier: `make test-anki` checks the newest Anki,
`make test-anki-oldest` the oldest supported one.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from package import build_zip

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "1234567890"  # AnkiWeb installs under the add-on's number


@pytest.fixture(scope="module")
def new_package(tmp_path_factory):
    return build_zip(tmp_path_factory.mktemp("new") / "anki_template_designer.ankiaddon")


@pytest.fixture(scope="module")
def previous_package(new_package, tmp_path_factory):
    """The same add-on announcing an earlier version (a fixture package, not an old
    release: what is checked is that an update through Anki keeps user data)."""
    out = tmp_path_factory.mktemp("previous") / "anki_template_designer.ankiaddon"
    with zipfile.ZipFile(new_package) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    manifest = json.loads(contents["manifest.json"])
    manifest["human_version"] = "0.0.1"
    contents["manifest.json"] = json.dumps(manifest).encode()
    # A package of its own: its integrity record lists its own manifest.
    record = json.loads(contents["integrity.json"])
    record["files"]["manifest.json"] = hashlib.sha256(contents["manifest.json"]).hexdigest()
    contents["integrity.json"] = json.dumps(record).encode()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in contents.items():
            target.writestr(name, data)
    return out


def run_anki(base: Path, tmp_path: Path, *args: str) -> dict:
    report = tmp_path / f"report-{uuid.uuid4().hex}.json"
    env = {**os.environ, "ANKI_SINGLE_INSTANCE_KEY": f"atd-upd-{uuid.uuid4().hex}"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "run_anki.py"),
            "--base",
            str(base),
            "--folder",
            FOLDER,
            "--headless",
            "--exit",
            "--report",
            str(report),
            *args,
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
    assert result.returncode == 0, result.stderr[-3000:]
    return outcome


def install(base: Path, tmp_path: Path, package: Path) -> dict:
    outcome = run_anki(base, tmp_path, "--addon-zip", str(package), "--install-with-anki")
    assert outcome["installed"] == {"kind": "InstallOk", "compatible": True, "error": None}
    return outcome


def test_anki_installs_the_package_into_a_clean_anki_and_it_opens_from_the_tools_menu(
    new_package, tmp_path
):
    base = tmp_path / "base"
    install(base, tmp_path, new_package)
    addon_dir = base / "addons21" / FOLDER
    assert json.loads((addon_dir / "manifest.json").read_text())["package"] == (
        "anki_template_designer"
    )
    opened = run_anki(base, tmp_path, "--installed", "--open-designer")
    assert opened["menu_text"] == "Template Designer…"
    assert opened["designer_ready"] is True and opened["notetypes_listed"] == 7


def test_an_update_through_anki_keeps_presets_drafts_config_and_state(
    previous_package, new_package, tmp_path
):
    base = tmp_path / "base"
    addon_dir = base / "addons21" / FOLDER
    install(base, tmp_path, previous_package)
    made = run_anki(base, tmp_path, "--installed", "--open-designer", "--user-data", "create")
    assert made["user_data"]["preset_id"]
    before = sorted(
        p.relative_to(addon_dir).as_posix() for p in (addon_dir / "user_files").rglob("*.json")
    )
    assert any(name.startswith("user_files/presets/") for name in before), before
    assert any(name.startswith("user_files/drafts/") for name in before), before
    for name in before:  # every file the add-on keeps says which format it is in
        record = json.loads((addon_dir / name).read_text(encoding="utf-8"))
        assert isinstance(record.get("version", record.get("schema")), int), name

    install(base, tmp_path, new_package)
    assert json.loads((addon_dir / "manifest.json").read_text())["human_version"] != "0.0.1"
    after = sorted(
        p.relative_to(addon_dir).as_posix() for p in (addon_dir / "user_files").rglob("*.json")
    )
    assert set(before) <= set(after), set(before) - set(after)
    checked = run_anki(base, tmp_path, "--installed", "--open-designer", "--user-data", "check")
    assert checked["user_data"] == {
        "preset": True,
        "draft": True,
        "onboarding": True,
        "plugin_choice": True,
        "config": True,
    }
