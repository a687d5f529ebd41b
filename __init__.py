"""Anki Template Designer: a visual designer for Anki card templates.

Importing this package does nothing unless Anki itself is loading it as an add-on (and
`ATD_SKIP_INIT=1` turns even that off). Inside Anki the folder is imported under its
AnkiWeb number, so every import inside the package is relative.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _loaded_by_anki() -> bool:
    if os.environ.get("ATD_SKIP_INIT") == "1":
        return False
    aqt = sys.modules.get("aqt")
    mw = getattr(aqt, "mw", None) if aqt is not None else None
    if mw is None:
        return False
    addons_folder: str = mw.addonManager.addonsFolder()
    # Only the copy in Anki's add-ons folder registers itself (a development checkout
    # imported by tests or tools must not add a second menu entry).
    here = os.path.normcase(os.path.abspath(os.path.dirname(os.path.dirname(__file__))))
    return here == os.path.normcase(os.path.abspath(addons_folder))


def _incomplete() -> str | None:
    """One message naming what is missing or damaged (a half-finished update), or None."""
    try:
        from .services import integrity
        from .services.cryptodome import known_platform_folders, platform_folder
    except (ImportError, SyntaxError) as error:
        return f"Anki Template Designer is incomplete and was not started: {error}"
    here = platform_folder()
    others = tuple(f"_vendor/{f}/" for f in sorted(known_platform_folders()) if f != here)
    found = integrity.problems(Path(__file__).resolve().parent, others)
    return integrity.message("Anki Template Designer", found) if found else None


def _report(problem: str) -> None:
    """Shown once the main window is up (a box during add-on loading would block it)."""
    from aqt import gui_hooks
    from aqt.qt import QTimer
    from aqt.utils import showWarning

    print(problem, file=sys.stderr)
    gui_hooks.main_window_did_init.append(
        lambda: QTimer.singleShot(0, lambda: showWarning(problem, title="Template Designer"))
    )


if _loaded_by_anki():
    PROBLEM = _incomplete()
    if PROBLEM is None:
        from .gui.lifecycle import setup_addon

        ADDON_RUNTIME = setup_addon(__name__)
    else:
        _report(PROBLEM)
