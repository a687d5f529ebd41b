"""Anki tier: a real Anki main window in this process, with the add-on installed the way
Anki installs add-ons (a staged copy in addons21/) and loaded by Anki itself."""

import sys
import tempfile
import traceback
from pathlib import Path

import pytest
from example_plugins import install_example_plugins

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
    install_example_plugins(base / "addons21" / ADDON_FOLDER)
    return base


def settle_start_up(seconds: float = 2.0) -> None:
    """Let Anki finish starting before the first test.

    About one run in ten, something in Anki's or PyQt's start-up calls a Python slot that
    is None (`TypeError: 'NoneType' object is not callable`, with no Python frame), and
    pytest-qt then fails whichever test is running. Such errors are printed here; one with
    a frame in the add-on still fails the run.
    """
    caught: list[tuple[type[BaseException], BaseException, object]] = []

    def record(kind, value, tb):
        caught.append((kind, value, tb))
        print(
            "exception during Anki's start-up:",
            "".join(traceback.format_exception(kind, value, tb)),
        )

    previous, sys.excepthook = sys.excepthook, record
    try:
        pump(seconds)
    finally:
        sys.excepthook = previous
    ours = [
        (kind, value)
        for kind, value, tb in caught
        if any(ADDON_FOLDER in frame.filename for frame in traceback.extract_tb(tb))
    ]
    assert not ours, f"the add-on raised during Anki's start-up: {ours}"


@pytest.fixture(scope="session")
def mw(anki_base):
    import aqt

    start_anki(anki_base)
    settle_start_up()
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
