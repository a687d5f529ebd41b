"""Bridge methods of the Insights panel: the report, its export as JSON or CSV to a file
the user picks, one-click fixes of recommendations, and the opt-in switch of usage
analytics (opting out deletes them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from anki.models import NotetypeId

from ...sdk.bridge import Method, params
from ...sdk.errors import DesignerError
from ...sdk.hosts import FileDialogs
from ...services.analytics.fixes import FixRefused, apply_fix
from ...services.analytics.insights_service import InsightsService
from ...services.analytics.report import report_csv
from ...services.analytics.usage_events import PAGE_EVENTS
from ...services.environment import Environment
from ...services.registry import Registry
from ...services.tasks import TaskManager
from ...services.tasks.deferred import run_deferred

NOTETYPE_ID = {"type": ["integer", "null"]}
FILE_KINDS = {"json": "Insights report (JSON)", "csv": "Learning figures per card type (CSV)"}


def _report(registry: Registry, notetype_id: int | None) -> dict[str, Any]:
    insights = registry.get(InsightsService)
    insights.usage.record("insights.opened")
    try:
        return insights.report(notetype_id)
    except LookupError as error:
        raise DesignerError(str(error), {"notetypeId": notetype_id}) from error


def _export(registry: Registry, fmt: str, notetype_id: int | None) -> dict[str, Any]:
    insights = registry.get(InsightsService)
    report = insights.report(notetype_id)
    path = registry.get(FileDialogs).choose_save(  # type: ignore[type-abstract]
        "Export insights", FILE_KINDS[fmt], fmt, "atdInsights", f"insights.{fmt}"
    )
    if path is None:
        return {"path": None}
    text = json.dumps(report, ensure_ascii=False, indent=2) if fmt == "json" else report_csv(report)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DesignerError(f"cannot write {path}: {reason}", {"path": path}) from error
    insights.usage.record("insights.exported")
    return {"path": path, "bytes": len(text.encode())}


def _fix(registry: Registry, notetype_id: int, action: str) -> dict[str, Any]:
    """The note type with one recommendation's fix applied, for the page to put in its
    draft and save (one undoable step). Only a media file (a moved script) is written here:
    content-addressed, it changes nothing until the template names it."""
    col = registry.get(Environment).collection()
    notetype = col.models.get(NotetypeId(notetype_id))
    if notetype is None:
        raise DesignerError(f"no note type with id {notetype_id}", {"notetypeId": notetype_id})
    try:
        result = apply_fix(notetype, action, col.media.write_data)
    except FixRefused as error:
        raise DesignerError(str(error), {"action": action}) from error
    registry.get(InsightsService).usage.record("insights.fixed")
    return {"draft": result.notetype, "label": result.label, "media": list(result.media)}


def _set_usage(registry: Registry, enabled: bool) -> dict[str, Any]:
    usage = registry.get(InsightsService).usage
    if enabled:
        usage.opt_in()
        usage.start_session()
    else:
        usage.opt_out()
    return usage.summary() if usage.enabled else {"enabled": False}


def _page_events(registry: Registry, names: list[str]) -> None:
    """What the page batched since its last report (names only; nothing while opted out)."""
    usage = registry.get(InsightsService).usage
    for name in names:
        usage.record(name)


def insights_methods(registry: Registry) -> list[Method]:
    return [
        Method(
            "insights.report",  # ~0.4 s on 100,000 reviews: off Anki's main thread
            lambda p: run_deferred(
                registry.get(TaskManager),
                lambda: _report(registry, p.get("notetypeId")),
                key=f"insights.report.{p.get('notetypeId')}",
                what="the insights report",
            ),
            params({"notetypeId": NOTETYPE_ID}),
        ),
        Method(
            "insights.export",
            lambda p: _export(registry, p["format"], p.get("notetypeId")),
            params({"format": {"enum": list(FILE_KINDS)}, "notetypeId": NOTETYPE_ID}, ["format"]),
        ),
        Method(
            "insights.fix",
            lambda p: _fix(registry, p["notetypeId"], p["action"]),
            params(
                {"notetypeId": {"type": "integer"}, "action": {"type": "string", "maxLength": 300}},
                ["notetypeId", "action"],
            ),
        ),
        Method(
            "insights.events",
            lambda p: _page_events(registry, p["names"]),
            params(
                {"names": {"type": "array", "maxItems": 500, "items": {"enum": list(PAGE_EVENTS)}}},
                ["names"],
            ),
        ),
        Method(
            "insights.usage",
            lambda p: _set_usage(registry, bool(p["enabled"])),
            params({"enabled": {"type": "boolean"}}, ["enabled"]),
        ),
    ]
