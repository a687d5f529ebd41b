"""Every enabled plugin's exporters (`atd_exporters`), listed and run on a draft note type.

Exporters are plugin code: what one returns is checked (bytes, a sane extension), one
that raises becomes an `ExportFailed` naming its plugin (logged with the traceback), and
a broken contribution is left out of the list with a log line, so a bad plugin never
takes the designer down with it. Nothing here asks the user anything or writes a file:
the bridge method does that through the `FileDialogs` host role.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..sdk.contributions import Exporter
from ..sdk.errors import DesignerError
from ..sdk.protocol import ErrorCode

log = logging.getLogger(__name__)

EXTENSION = re.compile(r"^[A-Za-z0-9]{1,16}$")
EXPORTER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
#: What `PluginManager.collect("atd_exporters")` returns: (plugin id, contribution).
Collect = Callable[[], list[tuple[str, Any]]]


class ExportFailed(DesignerError):
    """A plugin's exporter raised or returned something that is not a file's bytes."""

    bridge_code = ErrorCode.INTERNAL


@dataclass(frozen=True)
class PluginExporter:
    plugin_id: str
    exporter: Exporter

    def to_json(self) -> dict[str, Any]:
        return {**self.exporter.to_json(), "plugin": self.plugin_id}


def _problem(item: Any) -> str | None:
    if not isinstance(item, Exporter):
        return f"atd_exporters returned {type(item).__name__}, not an Exporter"
    if not isinstance(item.id, str) or not EXPORTER_ID.match(item.id):
        return f"exporter id {item.id!r} is not a short name (letters, digits, _ . -)"
    if not isinstance(item.extension, str) or not EXTENSION.match(item.extension):
        return f"exporter {item.id!r}: extension {item.extension!r} is not 1-16 letters or digits"
    if not callable(item.export):
        return f"exporter {item.id!r}: export is not callable"
    return None


class ExporterCatalog:
    def __init__(self, collect: Collect) -> None:
        self._collect = collect

    def exporters(self) -> list[PluginExporter]:
        """The usable exporters, in plugin order; the first plugin to use an id keeps it."""
        found: dict[str, PluginExporter] = {}
        for plugin_id, item in self._collect():
            problem = _problem(item)
            if problem is None and item.id in found:
                problem = f"exporter id {item.id!r} is already used by {found[item.id].plugin_id}"
            if problem is not None:
                log.warning("plugin %s: %s; it is not offered", plugin_id, problem)
                continue
            found[item.id] = PluginExporter(plugin_id, item)
        return list(found.values())

    def find(self, exporter_id: str) -> PluginExporter:
        for entry in self.exporters():
            if entry.exporter.id == exporter_id:
                return entry
        raise LookupError(f"no exporter {exporter_id!r} (its plugin may be off)")

    def run(self, exporter_id: str, draft: dict[str, Any]) -> tuple[PluginExporter, bytes]:
        """The exporter's file for `draft` (a copy: an exporter cannot change the draft)."""
        entry = self.find(exporter_id)
        label = f"{entry.exporter.label!r} of plugin {entry.plugin_id}"
        try:
            data = entry.exporter.export(_copy(draft))
        except DesignerError as error:  # the plugin's own clear message
            log.warning("exporter %s refused: %s", label, error)
            raise ExportFailed(f"Exporter {label} failed: {error}", _where(entry)) from error
        except Exception as error:
            log.error("exporter %s raised", label, exc_info=error)
            raise ExportFailed(
                f"Exporter {label} failed: {type(error).__name__}: {error}", _where(entry)
            ) from error
        if not isinstance(data, (bytes, bytearray)):
            log.error("exporter %s returned %s, not bytes", label, type(data).__name__)
            raise ExportFailed(
                f"Exporter {label} returned {type(data).__name__}, not the file's bytes",
                _where(entry),
            )
        return entry, bytes(data)


def _where(entry: PluginExporter) -> dict[str, str]:
    return {"plugin": entry.plugin_id, "exporter": entry.exporter.id}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
