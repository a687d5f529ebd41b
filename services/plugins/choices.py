"""Which third-party plugins the user turned off, kept across restarts.

`user_files/plugin-state.json` (`{"version": 1, "disabled": [ids]}`), written atomically.
A missing or unreadable file means nothing was turned off (and is reported once in the
log): a broken file never keeps every plugin off, nor stops the designer. Files from
before the version key (0.1.0) are read as version 1 (the same shape); a file from a newer
add-on is read for its `disabled` list if it has one, and is not rewritten unless the
user changes a choice.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ..presets.atomic import write_atomically

FILE_NAME = "plugin-state.json"
VERSION = 1


class PluginChoices:
    def __init__(self, path: Path, log: logging.Logger | None = None) -> None:
        self._path = path
        self._log = log or logging.getLogger(__name__)

    def disabled(self) -> frozenset[str]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return frozenset()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self._log.warning("%s cannot be read (%s); every plugin starts on", self._path, error)
            return frozenset()
        version = data.get("version", 1) if isinstance(data, dict) else None
        if isinstance(version, int) and version > VERSION:
            self._log.warning("%s was written by a newer add-on (version %s)", self._path, version)
        ids = data.get("disabled") if isinstance(data, dict) else None
        if not isinstance(ids, list):
            self._log.warning("%s: 'disabled' is not a list; every plugin starts on", self._path)
            return frozenset()
        return frozenset(i for i in ids if isinstance(i, str))

    def set_disabled(self, plugin_id: str, disabled: bool) -> None:
        ids = set(self.disabled())
        ids = ids | {plugin_id} if disabled else ids - {plugin_id}
        text = json.dumps({"version": VERSION, "disabled": sorted(ids)}, indent=2) + "\n"
        self._path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self._path, text.encode("utf-8"))
