"""Fixtures shared by every tier (none of them starts Anki)."""

import os
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


_exit_status: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """A tier that started a real Anki ends the process right after pytest's report.

    QtWebEngine can crash while the interpreter destroys Qt objects in an arbitrary order
    at exit (after every test passed, and after Anki's own profile close, which
    test_zz_profile_close checks). That teardown is not Anki's and not the add-on's, so it
    is skipped, with pytest's own exit status kept. The benches do the same.
    """
    import sys

    if "aqt" not in sys.modules or not _exit_status:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status[-1])
