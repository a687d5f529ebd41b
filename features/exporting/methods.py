"""Bridge methods of the Export… menu: list the plugins' exporters, run one on the draft.

The file is always placed by the user (the `FileDialogs` host role's save dialog); the
page never names a path. Cancelling writes nothing and is not an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method, params
from ...sdk.errors import DesignerError
from ...sdk.hosts import FileDialogs
from ...sdk.schemas import NOTETYPE_SCHEMA
from ...services.exporting import EXPORTER_ID, ExporterCatalog
from ...services.registry import Registry

RUN_PARAMS = params(
    {"id": {"type": "string", "pattern": EXPORTER_ID.pattern}, "draft": NOTETYPE_SCHEMA},
    ["id", "draft"],
)
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def suggested_name(notetype_name: str, extension: str) -> str:
    """A file name from the note type's name that every file system accepts."""
    stem = UNSAFE_IN_NAME.sub("_", notetype_name).strip(" .") or "notetype"
    return f"{stem[:100]}.{extension}"


def run_export(registry: Registry, exporter_id: str, draft: dict[str, Any]) -> dict[str, Any]:
    entry, data = registry.get(ExporterCatalog).run(exporter_id, draft)
    exporter = entry.exporter
    path = registry.get(FileDialogs).choose_save(  # type: ignore[type-abstract]
        f"Export {draft.get('name', 'note type')}: {exporter.label}",
        f"{exporter.label} (*.{exporter.extension})",
        exporter.extension,
        f"atdExport.{exporter.id}",
        suggested_name(str(draft.get("name", "")), exporter.extension),
    )
    if path is None:
        return {"path": None}
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DesignerError(f"cannot write {path}: {reason}", {"path": path}) from error
    return {"path": path, "bytes": len(data), "exporter": exporter.id, "plugin": entry.plugin_id}


def exporting_methods(registry: Registry) -> list[Method]:
    return [
        Method(
            "exporters.list",
            lambda _p: [e.to_json() for e in registry.get(ExporterCatalog).exporters()],
        ),
        Method("exporters.run", lambda p: run_export(registry, p["id"], p["draft"]), RUN_PARAMS),
    ]
