"""Anki tier: a real Anki main window in this process, with the add-on installed the way
Anki installs add-ons (a staged copy in addons21/) and loaded by Anki itself."""

import sys
import tempfile
from pathlib import Path

import pytest

from anki_harness import (
    create_demo_collection,
    install_addon_dir,
    prepare_environment,
    pump,
    seed_base,
    start_anki,
)
from package import stage

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ADDON_FOLDER = "atd_under_test"

prepare_environment(headless=True)


@pytest.fixture(scope="session")
def anki_base(tmp_path_factory):
    base = tmp_path_factory.mktemp("anki-base")
    create_demo_collection(seed_base(base))
    with tempfile.TemporaryDirectory() as tmp:
        install_addon_dir(stage(Path(tmp) / "addon"), base, ADDON_FOLDER)
    return base


@pytest.fixture(scope="session")
def mw(anki_base):
    import aqt

    start_anki(anki_base)
    yield aqt.mw
    if aqt.mw.col is not None:
        aqt.mw.unloadProfile(lambda: None)
    pump(0.5)


@pytest.fixture(scope="session")
def qapp(mw):
    return mw.app


@pytest.fixture(scope="session")
def addon(mw):
    """The add-on module as Anki imported it (under its folder name)."""
    return sys.modules[ADDON_FOLDER]


@pytest.fixture(scope="session")
def addon_log(anki_base):
    return anki_base / "addons21" / ADDON_FOLDER / "user_files" / "logs" / "designer.log"


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
