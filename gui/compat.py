"""The one place that knows how Anki versions differ (oldest supported: 25.07, see
manifest.json's min_point_version; newest tested: 26.9).

Code elsewhere calls these functions instead of checking versions itself, so supporting
a new or an older Anki means changing this file alone. Each shim says which Anki lacks
what it stands in for.
"""

from __future__ import annotations

from typing import Any


def open_dialog(name: str) -> Any | None:
    """The open instance of a dialog Anki's DialogManager knows by `name`, or None.

    `aqt.dialogs.getInstance` arrived after 25.07; before it, the manager's own table
    (`_dialogs`: name -> [creator, instance]) is the only record of what is open.
    """
    import aqt

    manager = aqt.dialogs
    get_instance = getattr(manager, "getInstance", None)
    if get_instance is not None:
        return get_instance(name)
    entry = manager._dialogs.get(name)
    return entry[1] if entry else None


def use_single_instance_key_from_environment() -> None:
    """Make `ANKI_SINGLE_INSTANCE_KEY` name this Anki's single-instance channel.

    Newer Anki reads the variable itself; 25.07 always uses one key per user, so a second
    Anki (a test's own, next to the one pytest runs) only signals the first and exits.
    Must run before `aqt._run` creates the application.
    """
    import os

    import aqt

    key = os.environ.get("ANKI_SINGLE_INSTANCE_KEY")
    if key:
        aqt.AnkiApp.KEY = key
