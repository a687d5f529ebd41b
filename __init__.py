"""Anki Template Designer: a visual designer for Anki card templates.

Importing this package does nothing unless Anki itself is loading it as an add-on (and
`ATD_SKIP_INIT=1` turns even that off). Inside Anki the folder is imported under its
AnkiWeb number, so every import inside the package is relative.
"""

from __future__ import annotations

import os
import sys


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


if _loaded_by_anki():
    from .gui.lifecycle import setup_addon

    ADDON_RUNTIME = setup_addon(__name__)
