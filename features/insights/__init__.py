"""Default plugin: the Insights panel (template analytics, cross-client compatibility,
learning analytics with template changes marked, recommendations, CSV/JSON export) and
the recording it needs: save times per side, opt-in usage events, performance history."""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.analytics.insights_service import InsightsService
from ...services.analytics.template_changes import ChangeLogError
from ...services.analytics.usage_events import UsageError
from ...services.environment import Environment
from ...services.metrics import Metrics
from ...services.plugins import PluginContext
from ...services.registry import Registry
from .methods import insights_methods


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    registry.register_factory(
        InsightsService,
        lambda _r: InsightsService(
            env.paths.user_files / "insights", env.profile_key, env.collection
        ),
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return insights_methods(context.registry)


# Recording is best effort: a damaged file or a missing collection is logged, never
# raised (a raising hook would disable the whole feature, panel included).
RECORDING_ERRORS = (OSError, RuntimeError, ValueError, ChangeLogError, UsageError)


@hookimpl
def atd_designer_opened(context: PluginContext, notetype_id: int | None) -> None:
    insights = context.registry.get(InsightsService)
    try:
        insights.usage.start_session()
        insights.usage.record("designer.opened")
        insights.observe_collection()
    except RECORDING_ERRORS as error:
        context.log.warning("insights: no baseline of the note types (%s)", error)


@hookimpl
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    insights = context.registry.get(InsightsService)
    try:
        insights.usage.record("designer.saved")
        insights.changes.record_save(notetype_id, notetype)
    except RECORDING_ERRORS as error:
        context.log.warning("insights: the save time was not recorded (%s)", error)


@hookimpl
def atd_designer_closed(context: PluginContext) -> None:
    insights = context.registry.get(InsightsService)
    operations: tuple[Any, ...] = ()
    if context.registry.is_registered(Metrics):
        operations = context.registry.get(Metrics).snapshot(sample_memory=False).operations
    try:
        insights.usage.record("designer.closed")
        insights.end_session(operations)
    except RECORDING_ERRORS as error:
        context.log.warning("insights: the session's figures were not kept (%s)", error)


@hookimpl
def atd_preset_applied(
    context: PluginContext, preset_id: str, notetype_id: int, draft: dict[str, Any]
) -> None:
    _record(context, "presets.applied")


@hookimpl
def atd_activity(context: PluginContext, action: str, target: str) -> None:
    if action.startswith("plugin."):
        _record(context, "plugins.changed")  # which plugin is never recorded


def _record(context: PluginContext, event: str) -> None:
    try:
        context.registry.get(InsightsService).usage.record(event)
    except RECORDING_ERRORS as error:
        context.log.warning("insights: %s not recorded (%s)", event, error)
